"""One module per full-screen menu or modal."""
