"""Export of the canvas scene to PNG, SVG, PDF and animations.

Everything here renders the one scene the editor shows (`GraphScene`), with
its current animation overlay, so an export is exactly what the canvas shows:

- `render`: a region of the scene to a QImage, an SVG or a PDF (vector);
- `frames`: every step of a backward trace as GIF, APNG or numbered PNGs;
- `save`: the atomic file writers both the dialog and the command line use;
- `command`: `graphviz-app export ...`; `dialog` + `actions`: File → Export….
"""
