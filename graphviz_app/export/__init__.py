"""Export of the canvas scene to PNG, SVG, PDF and animations."""
