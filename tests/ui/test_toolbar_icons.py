"""The run actions have drawn icons (each its own picture) beside their names, with their keys in the tooltips."""

from PySide6.QtWidgets import QStyle, QToolButton


def test_run_actions_have_drawn_icons_and_keep_their_names(window):
    bar = window.toolbar
    actions = [
        window.action("forward_values"),
        window.action("backward"),
        window.action("forward_mode"),
        window.action("gradcheck"),
    ]
    names = ["Forward (Values)", "Backward", "Forward Mode (JVP)…", "Gradient Check"]
    pictures = set()
    for action, name in zip(actions, names):
        assert action.text().replace("&", "") == name
        assert bar.widgetForAction(action).text() == name.rstrip("…")  # (the button: no "…")
        assert not action.icon().isNull()
        pictures.add(action.icon().pixmap(24, 24).toImage().bits().tobytes())
        button = bar.widgetForAction(action)
        assert isinstance(button, QToolButton)
        assert button.toolButtonStyle() == button.toolButtonStyle().ToolButtonTextBesideIcon
        assert "(F" in action.toolTip() or "(Shift+F6)" in action.toolTip()
    assert len(pictures) == 4
    assert window.action("backward").toolTip() == "Backward (F6)"
    save_fallback = window.style().standardIcon(QStyle.StandardPixmap.SP_DialogSaveButton)
    export_icon = window.action("export").icon()
    assert export_icon.pixmap(24, 24).toImage() != save_fallback.pixmap(24, 24).toImage()
