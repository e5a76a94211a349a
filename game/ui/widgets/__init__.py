"""The widgets of the quiz app: one module per widget; they post messages, screens act."""
