"""kzdash: a sourced chronology of the January 2022 events in Kazakhstan.

Everything but the Streamlit page lives here, and nothing here imports
streamlit, so every piece is testable with plain pytest.
"""

__version__ = "0.1.0"
