"""Reusable pieces: menu list, setting rows, tile grid, status bar, breadcrumbs."""
