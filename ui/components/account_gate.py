"""Hosted mode's sign-in: the organisation's account (st.login, st.user) in front of every page but the
join page and the help pages.

The signed-in address is looked up on every run (assessment's store.accounts), so a role changed or
removed by an admin takes effect on that person's next click. A person who is not signed in sees only
the sign-in; an identity older than the configured lifetime must sign in again (Streamlit itself ignores
an identity cookie whose signature is wrong or that is more than 31 days old); an account with no role
is told whom to ask. Every sign-in and refused access goes to the audit trail with the account.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from assessment.access import Access
from assessment.accounts import ROLE_NAMES, AuditEvent, Role, a_role, access_of, whom_to_ask
from assessment.hosted import HostedSettings, identity_expired, signed_in_email
from assessment.storage import Store
from ui import state


def current(store: Store, hosted: HostedSettings) -> Access | None:
    """The access of the account signed in, granted to this session (its sign-in audited once per
    session); None, and nothing granted, when no one is signed in, the sign-in has expired or the account
    has no role. Draws nothing."""
    email, expired = _identity(hosted)
    access = _access_of(store, email) if email and not expired else None
    if access is None:
        if state.access().account is not None:
            state.grant(state.ANONYMOUS)  # a removed account or a lapsed sign-in loses what it held
        return None
    if state.access() != access:
        state.grant(access)
    if state.audited_sign_in() != access.account:
        state.mark_audited_sign_in(access.account)
        store.audit.record_event(AuditEvent.SIGNED_IN, actor=access.actor, detail=describe(access.role))
    return access


def require_account(store: Store, hosted: HostedSettings) -> Access:
    """The access of the account signed in; otherwise draws the sign-in (or says why the account opens
    nothing and whom to ask), audits the refusal, and stops."""
    access = current(store, hosted)
    if access is not None:
        return access
    if not st.user.is_logged_in:
        _sign_in_page(hosted)
        st.stop()
    email, expired = _identity(hosted)
    who = email or _subject(st.user.to_dict())
    if expired:
        audit_refusal(store, who, "sign-in expired")
        _expired_page(hosted)
    else:
        audit_refusal(store, who, "no role")
        _no_role_page(store, hosted, email)
    st.stop()


def _identity(hosted: HostedSettings) -> tuple[str | None, bool]:
    """(address, expired) of the identity st.user holds; (None, False) when no one is signed in."""
    if not st.user.is_logged_in:
        return None, False
    claims = st.user.to_dict()
    return signed_in_email(claims), identity_expired(claims, hosted.sign_in_lifetime, dt.datetime.now(dt.UTC))


def _access_of(store: Store, email: str) -> Access | None:
    try:
        return access_of(store, email)
    except ValueError:  # the provider's address is not one an account can have
        return None


def refuse(store: Store, access: Access, what: str, *, title: str = "Not open to your account") -> None:
    """A plain refusal: the account does not open what was asked for (audited once per session), and stop."""
    audit_refusal(store, access.actor, what)
    st.title(title, anchor=False)
    role = a_role(access.role) if access.role is not None else "with no role"
    st.text(f"You are signed in as {access.account}, {role}. {what}")
    st.write("If you need it, ask a programme admin to change your role.")
    st.stop()


def describe(role: Role | None) -> str:
    """The role in the users' words: 'programme admin', 'area lead' or 'viewer'."""
    return ROLE_NAMES[role] if role is not None else "no role"


def sign_out_button() -> None:
    """A button in the sidebar that signs the account out: at the app and at the provider (st.logout)."""
    if st.sidebar.button("Sign out", key="sign_out", icon=":material/logout:"):
        state.sign_out()
        st.logout()


def _sign_in_page(hosted: HostedSettings) -> None:
    st.title("Sign in", anchor=False)
    st.write(
        "The partnerships' results are open only to people the programme has given a role. Sign in with "
        "your organisation's account (the one you use for e-mail at work)."
    )
    if st.button("Sign in with your organisation's account", type="primary", key="account_sign_in"):
        _login(hosted)
    st.markdown(
        ":material/how_to_reg: Taking part in a workshop? [Join it](/join) with the code your facilitator gives you; "
        "participants do not sign in."
    )


def _expired_page(hosted: HostedSettings) -> None:
    hours = int(hosted.sign_in_lifetime.total_seconds() // 3600)
    st.title("Sign in again", anchor=False)
    st.write(f"Your sign-in has expired: a sign-in lasts {hours} hours. Sign in again to go on.")
    if st.button("Sign in again", type="primary", key="account_sign_in_again"):
        _login(hosted)


def _no_role_page(store: Store, hosted: HostedSettings, email: str | None) -> None:
    st.title("Your account has no role yet", anchor=False)
    if email is None:
        st.write("Your organisation's sign-in did not say your e-mail address, so the app cannot tell who you are.")
    else:
        st.text(f"You are signed in as {email}, but this programme has not given that account a role.")
    st.text(f"To be given one, ask {_whom_to_ask(store, hosted)}.")
    if st.button("Sign out", key="no_role_sign_out", icon=":material/logout:"):
        state.sign_out()
        st.logout()


def _whom_to_ask(store: Store, hosted: HostedSettings) -> str:
    """The configured contact, else the programme admins' addresses."""
    if hosted.contact:
        return hosted.contact
    admins = whom_to_ask(store.accounts.list(), frozenset())  # no areas: the programme's admins
    if not admins:
        return "whoever runs this server (no programme admin has been named yet)"
    return "a programme admin: " + ", ".join(admins)


def audit_refusal(store: Store, actor: str, what: str) -> None:
    """Put a refused access in the audit trail, once per session for the same actor and refusal."""
    if state.mark_audited_refusal(actor, what):
        store.audit.record_event(AuditEvent.ACCESS_REFUSED, actor=actor, detail=what)


def _subject(claims: dict) -> str:
    return f"account {claims.get('sub', 'without a name')}"


def _login(hosted: HostedSettings) -> None:
    if hosted.provider:
        st.login(hosted.provider)
    else:
        st.login()
