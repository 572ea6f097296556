"""SmartCockpit: a keyboard-driven in-car cockpit console for the terminal."""

__version__ = "0.1.0"
