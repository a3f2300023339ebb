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
- use the app with a screen reader (the charts are also given as tables);
- change colours, contrast and fonts in your browser settings;
- tell results apart without relying on colour: every chart has words or numbers beside it.
"""
)

st.header("How accessible this app is")
st.write(
    "We test every page, and the main steps of a workshop, with the automated checker axe-core at the "
    "WCAG 2.2 AA level, and we test that a participant can join, answer and submit with the keyboard alone. "
    "We know some parts are not fully accessible:"
)
st.markdown(
    """
- **Interactive charts.** A screen reader cannot explore the points of a chart. Each chart has a text
  summary and the same figures as a table beside it or below it.
- **Downloaded Excel workbooks.** The results workbook has headed tables but has not been checked with
  a screen reader in Excel.
- **The live facilitator view** refreshes itself every few seconds while a round is open. A screen
  reader may announce the change; the facilitator can close the round to stop the refresh.
- **Parts drawn by the Streamlit framework** (for example the drop-down lists and the file upload area)
  are outside our control. We check them with each release but some screen readers announce them oddly.
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
    "This statement was prepared on 25 November 2026. It is based on automated tests with axe-core "
    "(WCAG 2.2 AA) of every page and of the main steps of a workshop, and a keyboard-only test of the "
    "participant questionnaire, carried out by the team that builds the app."
)
