"""Plotly figures as pure functions of scored data; no streamlit here."""
