"""`g.animate()`: the backward pass inline in a notebook, every frame a PNG inside the HTML.

Nothing is fetched from the internet: the frames are base64 data URIs and the step buttons
are a few lines of plain JavaScript. Without JavaScript (an untrusted notebook) the first
frame still shows.
"""

from __future__ import annotations

import base64
import functools
import html
import itertools
import json
from pathlib import Path

from ..core.file_access import file_path
from ..export.formats import check_frame_ms

_IDS = itertools.count(1)


class Animation:
    """The frames of a backward pass: shown inline by Jupyter, saved as GIF or APNG."""

    def __init__(self, images, titles: list[str], frame_ms: int = 1200, scale: float = 1.0) -> None:
        self._images = images
        self.titles = list(titles)
        self.frame_ms = check_frame_ms(frame_ms)
        # shown in a notebook at the diagram's size (96 dpi), sharp at a higher scale, as `g` itself
        self.display_width = round(images[0].width() / scale) if images else 0

    @functools.cached_property
    def frames(self) -> list[bytes]:
        """PNG bytes, one per step: encoded when first asked for (a notebook showing the animation),
        not for g.to_gif, which saves the images themselves."""
        from ..export.pngfile import png_bytes  # (as the exports encode them)

        return [png_bytes(image) for image in self._images]

    def __len__(self) -> int:
        return len(self._images)

    def __repr__(self) -> str:
        return f"<graphviz_app.Animation: {len(self)} backward steps>"

    def save(self, path, frame_ms: int | None = None) -> Path:
        """An endlessly looping .gif or .apng (or .png) of every step; a name of neither is a GIF's,
        named as g.to_gif names it ("deck" -> deck.gif; "deck.svg" refused)."""
        from ..export import frames as fr
        from ..export.formats import accepted_suffixes, atomic_outputs, check_folder, named_for

        frame_ms = self.frame_ms if frame_ms is None else check_frame_ms(frame_ms)
        path = Path(file_path(path))
        fmt = "apng" if path.suffix.lower() in accepted_suffixes("apng") else "gif"
        path = named_for(path, fmt)
        check_folder(path)
        with atomic_outputs([path]) as (temp,):
            if fmt == "gif":
                fr.save_gif(self._images, temp, frame_ms)
            else:
                fr.save_apng(self._images, temp, frame_ms)
        return path

    def _repr_html_(self) -> str:
        uid = f"graphviz-app-animation-{next(_IDS)}"
        sources = ["data:image/png;base64," + base64.b64encode(frame).decode("ascii") for frame in self.frames]
        first_title = html.escape(self.titles[0] if self.titles else "")
        buttons = "".join(
            f'<button type="button" data-go="{go}" title="{tip}" style="margin-right:4px">{label}</button>'
            for go, label, tip in (
                ("first", "⏮", "first step"),
                ("prev", "◀", "previous step"),
                ("play", "▶▶", "play / pause"),
                ("next", "▶", "next step"),
                ("last", "⏭", "last step"),
            )
        )
        script = f"""
(function() {{
  var root = document.getElementById({json.dumps(uid)});
  if (!root) return;
  var frames = {json.dumps(sources)};
  var titles = {json.dumps(self.titles)};
  var img = root.querySelector("img"), label = root.querySelector(".ga-step");
  var k = 0, timer = null;
  function show(i) {{
    k = Math.max(0, Math.min(frames.length - 1, i));
    img.src = frames[k];
    label.textContent = "Step " + (k + 1) + " of " + frames.length + (titles[k] ? ": " + titles[k] : "");
  }}
  function stop() {{ if (timer) {{ clearInterval(timer); timer = null; }} }}
  root.querySelectorAll("button").forEach(function(b) {{
    b.addEventListener("click", function() {{
      var go = b.getAttribute("data-go");
      if (go === "play") {{
        if (timer) {{ stop(); return; }}
        if (k === frames.length - 1) show(0);
        timer = setInterval(function() {{ if (k >= frames.length - 1) stop(); else show(k + 1); }}, {self.frame_ms});
        return;
      }}
      stop();
      show(go === "first" ? 0 : go === "last" ? frames.length - 1 : go === "prev" ? k - 1 : k + 1);
    }});
  }});
}})();
"""
        return (
            f'<div id="{uid}" class="graphviz-app-animation">'
            f'<div style="margin-bottom:4px">{buttons}'
            f'<span class="ga-step" style="margin-left:8px">Step 1 of {len(self)}: {first_title}</span></div>'
            f'<img src="{sources[0]}" alt="backward pass" width="{self.display_width}" style="max-width:100%">'
            f"<script>{script}</script></div>"
        )
