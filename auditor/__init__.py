"""fastapi-auditor: audit a FastAPI repository against a catalogue of best practices.

Data flows one way: repository -> project model -> checks -> report -> front ends.
The engine (everything outside ``auditor.tui``) never imports Textual.
"""

__version__ = "0.1.0"
