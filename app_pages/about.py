"""About: what the assessment is, how a workshop runs, and what the terms mean."""

import streamlit as st

from assessment.access import PIN_LOCKOUT
from assessment.agreement import RULE_NAMES, comparison_sentence, other_rule, rule_sentence
from ui import resources

framework = resources.framework()

st.title("About the assessment")
st.markdown(
    """
This tool helps a children's services partnership (the council, NHS commissioners, public health,
schools, the voluntary sector and parent carers) look honestly at how well it commissions
together, and decide how far to go next.

**How a workshop runs.** A facilitator opens a round for the partnership. Each participant answers
alone first: how far each critical success factor is in place, and where each part of the
partnership sits on the joint commissioning continuum. The room then looks at the results
together, discusses where people disagree, and records the score it agrees. The Board reads the
result and chooses a structural option.
"""
)

st.subheader("The maturity scale")
for level in framework.scale.levels:
    st.markdown(f"**{level.value} - {level.label}.** {level.meaning}")
st.markdown(f"**{framework.scale.dont_know}** counts as no score.")

st.subheader("The eight critical success factors")
for factor in framework.factors:
    with st.expander(factor.name):
        st.write(factor.description)
        for value, text in factor.levels.items():
            st.markdown(f"- **{framework.scale.label(value)}:** {text}")

st.subheader("The joint commissioning continuum")
for stage in framework.stages:
    st.markdown(f"**{stage.number}. {stage.name}.** {stage.description}")
st.caption(framework.notes.continuum)

st.subheader("When the room is split")
rule = framework.agreement
st.markdown(
    f"""
After everyone has answered, each factor shows whether the room broadly agrees or is **split**, so that the
split factors can be discussed first.

- **In use, {RULE_NAMES[rule.rule]}:** {rule_sentence(rule)}
- **Not in use, {RULE_NAMES[other_rule(rule).rule]}:** {rule_sentence(other_rule(rule))}

{comparison_sentence(rule)}
"""
)
if framework.notes.agreement:
    st.caption(framework.notes.agreement)

st.subheader("Where the content comes from")
st.write(framework.notes.sources)
st.markdown(f"- {framework.notes.weights}\n- {framework.notes.prerequisites}")

st.subheader("Who can see what")
st.markdown(
    f"""
- **Participants** join with the round's join code and see only their own answers. No names are kept.
- **A facilitator PIN** is set for every round (one is made up and shown once when none is chosen).
  Anyone who gives a PIN of one of an area's rounds can open every round of that area: its results, the
  answers listed by partner type, the join code, the options and the plan, and can change them.
- **The programme passphrase** opens every area, the comparison of areas, new areas, importing results
  workbooks and unlocking a locked PIN. Whoever runs the server sets it with
  `python -m assessment passphrase`.
- **Small groups are never shown.** A partner type with fewer than {framework.suppression_k} people is
  combined with other small groups into "Other partner", or hidden together with the next smallest
  group, on every screen, in every workbook and on the command line.
- **Wrong guesses are limited.** {PIN_LOCKOUT} (the passphrase, or `python -m assessment unlock AREA`,
  lifts it); wrong passphrases and join codes are limited for the whole server.
- A PIN or the passphrase is remembered by that browser for 12 hours, or until you sign out.
"""
)

st.subheader("Words we use")
st.markdown(
    """
- **Section 75 agreement**: the NHS Act 2006 power that lets the council and the NHS pool budgets
  or hand one another the commissioning of services.
- **Lead commissioner**: the one person accountable for commissioning in a priority area.
- **Contestability**: testing whether to provide a service in-house or buy it ("make or buy").
- **Illustrative** areas are invented examples loaded for demonstration; their scores are made up.
"""
)
