"""The database schema: every table the app keeps, in one place."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from assessment.models import RoundStatus

metadata = MetaData()

ACTOR_LENGTH = 254  # who made a change: a role in workshop mode, an account's e-mail address when signed in

areas = Table(
    "areas",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(120), nullable=False, unique=True),
    Column("illustrative", Boolean, nullable=False, default=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

rounds = Table(
    "rounds",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("area_id", ForeignKey("areas.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("title", String(200), nullable=False, default=""),
    Column("held_on", Date, nullable=False),
    Column("status", String(12), nullable=False, default=RoundStatus.OPEN.value),
    Column("framework_version", String(40), nullable=False),
    Column("join_code", String(12), nullable=False, unique=True),
    Column("pin_hash", String(200)),
    Column("priority_areas", JSON, nullable=False, default=list),
    Column("pin_failures", Integer, nullable=False, default=0),
    Column("pin_locked_until", DateTime(timezone=True)),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("board", String(200)),  # the Board the round's paper goes to; NULL: none named
    Column("has_executive", Boolean),  # whether the partnership has an executive group; NULL: not asked
)

participants = Table(
    "participants",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("round_id", ForeignKey("rounds.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("partner_type", String(40), nullable=False),
    Column("role_title", String(120), nullable=False, default=""),
    Column("resume_hash", String(64), nullable=False, unique=True),
    Column("completed_at", DateTime(timezone=True)),
    Column("created_at", DateTime(timezone=True), nullable=False),
    # The offline questionnaire copy a participant came from (None for everyone else): importing the
    # same copy again replaces their answers. A unique index rather than a table constraint, so that
    # an existing database can gain it with CREATE UNIQUE INDEX (SQLite cannot add a constraint).
    Column("response_id", String(32)),
    Index("uq_participant_response", "round_id", "response_id", unique=True),
)

answers = Table(
    "answers",
    metadata,
    Column("participant_id", ForeignKey("participants.id", ondelete="CASCADE"), nullable=False),
    Column("kind", String(12), nullable=False),
    Column("item_id", String(80), nullable=False),
    Column("value", Integer),
    Column("comment", Text, nullable=False, default=""),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    PrimaryKeyConstraint("participant_id", "kind", "item_id"),
)

consensus = Table(
    "consensus",
    metadata,
    Column("round_id", ForeignKey("rounds.id", ondelete="CASCADE"), nullable=False),
    Column("kind", String(12), nullable=False),
    Column("item_id", String(80), nullable=False),
    Column("value", Float),
    Column("rationale", Text, nullable=False, default=""),
    Column("revision", Integer, nullable=False, default=1),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Column("uncertain_reason", Text),  # NULL or "": none asked for (the factor was not uncertain)
    PrimaryKeyConstraint("round_id", "kind", "item_id"),
)

# Re-scoring passes: after discussion the facilitator may open up to three passes (numbered 2, 3 and 4;
# pass 1 is the first answers, in `answers`) on chosen success factors. A pass keeps the statements of its
# factors as they were when it opened, so what it accepts does not depend on the framework file in use.
rescores = Table(
    "rescores",
    metadata,
    Column("round_id", ForeignKey("rounds.id", ondelete="CASCADE"), nullable=False),
    Column("number", Integer, nullable=False),
    Column("factor_ids", JSON, nullable=False),
    Column("statements", JSON, nullable=False),  # factor id -> its statement ids when the pass opened
    Column("opened_at", DateTime(timezone=True), nullable=False),
    Column("closed_at", DateTime(timezone=True)),  # NULL while the pass is open
    PrimaryKeyConstraint("round_id", "number"),
)

# A participant's answers in a re-scoring pass (value NULL: don't know); first answers are never changed.
rescore_answers = Table(
    "rescore_answers",
    metadata,
    Column("participant_id", ForeignKey("participants.id", ondelete="CASCADE"), nullable=False),
    Column("number", Integer, nullable=False),
    Column("kind", String(12), nullable=False),
    Column("item_id", String(80), nullable=False),
    Column("value", Integer),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    PrimaryKeyConstraint("participant_id", "number", "kind", "item_id"),
)

actions = Table(
    "actions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("round_id", ForeignKey("rounds.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("title", Text, nullable=False),
    Column("owner", String(120), nullable=False, default=""),
    Column("due_on", Date),
    Column("status", String(20), nullable=False),
    Column("factor_id", String(40)),
    Column("component_id", String(40)),
    Column("rule_id", String(40)),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("step_id", String(40)),  # the implementation step of the chosen option it carries out
    Column("depends_on", JSON),  # rule and step ids of the actions it waits for; NULL: none
    Column("priority", Integer),  # its place in the list it was proposed in; NULL: the facilitator's own
    UniqueConstraint("round_id", "rule_id", name="uq_action_rule"),
    UniqueConstraint("round_id", "step_id", name="uq_action_step"),
)

# Options appraisal: the weights a round's appraisal uses (framework weights when none are saved), the
# scores given to each option per criterion by the Board ("board") or by a participant ("p<id>"), and
# the round's mix-and-match hybrid options (dimension -> option id).


appraisal_weights = Table(
    "appraisal_weights",
    metadata,
    Column("round_id", ForeignKey("rounds.id", ondelete="CASCADE"), nullable=False),
    Column("criterion_id", String(40), nullable=False),
    Column("weight", Float, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    PrimaryKeyConstraint("round_id", "criterion_id"),
)

appraisal_scores = Table(
    "appraisal_scores",
    metadata,
    Column("round_id", ForeignKey("rounds.id", ondelete="CASCADE"), nullable=False),
    Column("scorer", String(20), nullable=False),
    Column("participant_id", ForeignKey("participants.id", ondelete="CASCADE"), index=True),
    Column("option_id", String(40), nullable=False),
    Column("criterion_id", String(40), nullable=False),
    Column("value", Integer, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    PrimaryKeyConstraint("round_id", "scorer", "option_id", "criterion_id"),
)

hybrid_options = Table(
    "hybrid_options",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("round_id", ForeignKey("rounds.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("name", String(80), nullable=False),
    Column("choices", JSON, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("round_id", "name", name="uq_hybrid_name"),
)

# What a Board decided about a round's options. Never updated: a later decision supersedes an earlier one
# (it names it in `supersedes`); the round's decision is the one no other supersedes.
decisions = Table(
    "decisions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("round_id", ForeignKey("rounds.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("option_id", String(40), nullable=False),
    Column("option_name", String(200), nullable=False),  # as named when decided (a hybrid may be renamed)
    Column("decided_on", Date, nullable=False),
    Column("meeting", String(200), nullable=False, default=""),
    Column("resolution", Text, nullable=False, default=""),
    Column("conditions", Text, nullable=False, default=""),
    Column("supersedes", ForeignKey("decisions.id", ondelete="CASCADE"), unique=True),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Column("recorded_by", String(ACTOR_LENGTH), nullable=False),
)

# The bodies that must ratify a decision (a council cabinet, an NHS board), each with its status.
ratifications = Table(
    "ratifications",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("decision_id", ForeignKey("decisions.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("position", Integer, nullable=False),
    Column("body", String(120), nullable=False),
    Column("status", String(12), nullable=False),
    Column("decided_on", Date),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("decision_id", "body", name="uq_ratification_body"),
)

# The partnership's own estimate of what each option (a framework option or a hybrid, "hybrid_<id>") of a
# round would cost: one-off and a year in whole pounds, and posts in full-time equivalents, each as a range.
option_costs = Table(
    "option_costs",
    metadata,
    Column("round_id", ForeignKey("rounds.id", ondelete="CASCADE"), nullable=False),
    Column("option_id", String(40), nullable=False),
    Column("one_off_low", Integer),
    Column("one_off_high", Integer),
    Column("recurring_low", Integer),
    Column("recurring_high", Integer),
    Column("posts_low", Float),
    Column("posts_high", Float),
    Column("note", Text, nullable=False, default=""),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    PrimaryKeyConstraint("round_id", "option_id"),
)

audit = Table(
    "audit",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("round_id", ForeignKey("rounds.id", ondelete="CASCADE"), index=True),
    Column("area_id", ForeignKey("areas.id", ondelete="CASCADE"), index=True),  # events of a whole area
    Column("actor", String(ACTOR_LENGTH), nullable=False),
    Column("event", String(40), nullable=False),
    Column("detail", Text, nullable=False, default=""),
)

# Guarded attempts (a PIN, the programme passphrase, join codes): how many failed since the window began
# and until when further attempts are refused. One row per subject, updated under a row lock.
attempts = Table(
    "attempts",
    metadata,
    Column("subject", String(80), primary_key=True),
    Column("failures", Integer, nullable=False, default=0),
    Column("window_started_at", DateTime(timezone=True)),
    Column("locked_until", DateTime(timezone=True)),
)

# Settings of the whole programme, such as the hash of its passphrase.
settings = Table(
    "settings",
    metadata,
    Column("key", String(80), primary_key=True),
    Column("value", Text, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

# Hosted mode's accounts: one per e-mail address (normalised: trimmed, casefolded), with its role
# (assessment.accounts.Role), and the areas a lead or viewer has that role over.
accounts = Table(
    "accounts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("email", String(ACTOR_LENGTH), nullable=False, unique=True),
    Column("role", String(12), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

account_areas = Table(
    "account_areas",
    metadata,
    Column("account_id", ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False),
    Column("area_id", ForeignKey("areas.id", ondelete="CASCADE"), nullable=False, index=True),
    PrimaryKeyConstraint("account_id", "area_id"),
)
