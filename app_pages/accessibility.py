"""Accessibility statement: how accessible this app is, what we know does not work, and how to report a problem."""

import streamlit as st

st.title("Accessibility statement")
st.write(
    "This statement applies to the joint commissioning self-assessment app: the workshop pages, the "
    "participant questionnaire, the results pages and the Excel import and export. We want as many people "
    "as possible to be able to use it. You should be able to:"
)
st.markdown(
    """
- answer the whole questionnaire using only a keyboard;
- zoom in up to 400% on a laptop without the text spilling off the screen;
- use the app with a screen reader (the charts of the results pages are also given as tables);
- change colours, contrast and fonts in your browser settings;
- tell results apart without relying on colour: every chart has words or numbers beside it.
"""
)

st.header("How accessible this app is")
st.write("Every release is checked in a real browser (Chromium) by automated tests that the team runs:")
st.markdown(
    """
- **Automated WCAG checks.** The checker axe-core runs on every page of the app on a laptop-sized
  screen, and on the main pages on a phone-sized screen, at the WCAG 2.0, 2.1 and 2.2 A and AA levels.
  It also runs on every tab of the area dashboard, Compare areas and Structural options, on the
  facilitator's PIN screen and each tab of the live view, on each chart of presentation mode, and on
  each kind of page of the participant questionnaire. It finds no failures.
- **Keyboard only.** A test joins a workshop from the join link and answers the whole questionnaire
  with the keyboard alone (Tab, Shift+Tab, Space, Enter and the arrow keys), types a comment, submits,
  and checks that the answers saved are the ones chosen. On each control it reaches it checks that the
  focus is visible: buttons show a ring, and the focused choice of a question shows an outline.
- **Charts as tables.** A test checks that every chart on the area dashboard, Compare areas,
  Structural options and the facilitator's live view is followed by a table of the same figures;
  each chart of presentation mode has one too, folded away under "The same as a table".
"""
)
st.write("We know some parts are not fully accessible:")
st.markdown(
    """
- **Interactive charts.** A screen reader cannot explore the points of a chart. Each chart on the
  results pages and the live view has the same figures as a table below it, and most have a line
  saying how to read them.
- **Tables** are drawn by the Streamlit framework as an interactive grid. A keyboard user moves through
  the cells with the arrow keys; some screen readers announce the grid oddly.
- **The facilitator's pages** (setting up a round, agreeing scores, editing the development plan) pass
  the automated checks. A test runs the facilitator's main journey with the keyboard alone (signing
  in, choosing a round, the live view, recording an agreed score, opening the area dashboard); setting
  up a round and editing the development plan are not yet tested that way.
- **Downloaded Excel workbooks.** The results workbook has headed tables but has not been checked with
  a screen reader in Excel.
- **The live facilitator view** refreshes itself every few seconds while a round is open. A screen
  reader may announce the change; the facilitator can close the round to stop the refresh.
- **Parts drawn by the Streamlit framework** (for example the drop-down lists, the date picker and the
  file upload area) are outside our control. Where they fell short of the WCAG 2.2 size for a touch
  target (the day and month of the date field), or showed keyboard focus only faintly (the choices of
  a question), the app adds a style rule to fix it.
- **No manual audit yet.** The app has not been tested by an accessibility specialist or by people who
  use screen readers or voice control.
"""
)

st.header("Compliance status")
st.write(
    "This app is partially compliant with the Web Content Accessibility Guidelines (WCAG) version 2.2 "
    "AA standard, because of the issues listed above. Automated checks find no failures at the WCAG 2.2 AA "
    "level on any page, but automated checks cannot find every problem, and the app has not yet had a "
    "manual audit by an accessibility specialist."
)

st.header("Reporting a problem or asking for another format")
st.write(
    "If you find a problem that is not listed here, or need the questionnaire in another format (for "
    "example a printed copy, large print or an Excel workbook to fill in offline), tell your workshop "
    "facilitator or the team that runs this app in your council or NHS organisation. Say which page you "
    "were on and what went wrong. We aim to reply within 5 working days."
)
st.write(
    "The questionnaire can also be filled in offline: the facilitator downloads it from the "
    "'Excel import and export' page and uploads the filled workbook."
)

st.header("Enforcement procedure")
st.write(
    "The Equality and Human Rights Commission (EHRC) is responsible for enforcing the Public Sector Bodies "
    "(Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018. If you are not happy with "
    "how we respond to your complaint, contact the Equality Advisory and Support Service (EASS)."
)

st.header("Preparation of this statement")
st.write(
    "This statement was prepared on 25 November 2026. It is based on automated tests in a real browser, "
    "run by the team that builds the app: axe-core (WCAG 2.2 AA) on every page and on the main states of "
    "a workshop, a keyboard-only test of the whole participant questionnaire, and a check that every "
    "chart of the results pages and the live view has a table of the same figures."
)
