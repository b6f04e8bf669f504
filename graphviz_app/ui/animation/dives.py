"""Run → Dive In and Dive Out over a collapsed group's step of Backward, and leaving the groups dived
into: by stepping out of their steps, before another pass, or before the document is closed or
replaced. Leaving a group collapses it again by undoing its Expand when that is still the last edit
(the document as it was); the status bar's words on a dive are said of its step only."""

from __future__ import annotations

from ..commands.common import try_push
from ..commands.groups import CollapseGroupCommand
from ..key_text import key_text
from .group_steps import Inside


class Dives:
    """The groups dived into as the step shown sees them, and what diving in or out does to the
    document and the status bar (AnimationUi delegates the Run menu's Dive In / Dive Out here)."""

    def __init__(self, window, controller, message):
        self.window = window
        self.controller = controller
        self.message = message  # the status bar's (AnimationUi.message)
        self.inside: Inside | None = None  # the group dived into at the step shown (GroupSteps.inside)
        self._holding: set[str] = set()  # the groups dived into whose steps hold the step shown
        self._step_said = ""  # what the status bar said of the step shown only (cleared at the next)
        self.leaving = False  # stepping out of a group dived into collapses it now (the step waits)

    def group_inside(self) -> Inside | None:
        """The group dived into whose step shows (None outside one, or while a problem pauses)."""
        c = self.controller
        return c.groups.inside(c.k) if c.inside_group() else None

    def dive_in(self) -> None:
        """At a collapsed group's step: the group expanded on the canvas (one undo step); the
        controller then steps through its steps from its first, as for any expand of the group
        at its step (its card's Collapse or Expand Group), and AnimationUi brings it into view. When
        the next Redo is this group's Expand (a Dive Out took it back), that Redo; while another
        undone edit can be redone (other than an earlier dive's Expand, left again), nothing:
        pushing the Expand would lose that Redo."""
        group = self.controller.diving_group()
        if group is None:
            return
        stack = self.window.undo_stack
        redo = stack.command(stack.index()) if stack.canRedo() else None
        if isinstance(redo, CollapseGroupCommand) and redo.group_id == group and not redo.collapsed:
            stack.redo()
            self.window.scene.groups.later.place_held_cards()
            done = True
        elif any(not _by_dive(stack.command(i)) for i in range(stack.index(), stack.count())):
            name = self.window.graph.groups.get(group).name
            self._say_of_step(f"Dive In would expand {name} and lose Redo of “{stack.redoText()}”: redo or edit first.")
            return
        else:  # (a Redo holding only Expands of earlier dives, left again, is no loss)
            done = self._set_collapsed(group, False, by_dive=True)
        if done:
            inside = self.controller.inside_group()  # (said again: after the edit's own "Expanded …")
            if inside:
                self._say_of_step(f"{inside} (Esc leaves the group)")

    def dive_out(self) -> None:
        """Inside a group dived into: the group collapsed again, back at its step. When its Expand
        is still the last edit done, it is undone (the document as it was, unmodified if it was);
        after other edits, the collapse is one more undo step."""
        where = self.group_inside()
        if where is None:
            return
        if not self._undo_expand(where.group) and not self._set_collapsed(where.group, True):
            return
        self.controller.dive_out(where.group)
        self._say_of_step(f"Left {where.name}: collapsed again, back at its step (Esc ends the animation).")

    def leave_all(self) -> list[str]:
        """Every group dived into, innermost first, collapsed again by undoing its Expand when that
        is still the last edit (as Dive Out does): before another pass starts, or before the
        document is closed or replaced, a user who only watched leaves it as it was. Returns the
        names of the groups so left."""
        dived, groups = self.controller.groups.dived, self.window.graph.groups
        left = []
        for group in sorted(dived, key=lambda g: len(dived[g])):
            name = groups.get(group).name if group in groups else ""
            if self._undo_expand(group):
                left.append(name)
        return left

    def say_left(self, names: list[str]) -> None:
        """The groups leave_all left, said in place of the Undo of their Expands (closing was
        cancelled: the pass goes on, at their steps)."""
        if names:
            where = "its step" if len(names) == 1 else "their steps"
            self._say_of_step(f"Left {_and(names)}: collapsed again, back at {where} (Esc ends the animation).")

    def at_step(self, k: int) -> str | None:
        """Step k shows: what the status bar said of the step before goes; the groups dived into
        whose steps no longer hold it are left (_leave), and said, with the group still inside.
        Returns the group just dived into at k, which the step brings into view whole (None: k is
        in no group entered now)."""
        c = self.controller
        bar = self.window.statusBar()
        if self._step_said and bar.currentMessage() == self._step_said:
            bar.clearMessage()  # it was said of the step before
        self._step_said = ""
        left = self._leave(k)
        was, self.inside = self.inside, c.groups.inside(k) if c.mode else None
        self._holding = {g for g, steps in c.groups.dived.items() if k in steps} if c.mode else set()
        inside = c.inside_group()
        if inside:  # (after the groups left, when still inside an outer one)
            self._say_of_step(f"{left} {inside} (Esc leaves the group)".lstrip())
        elif left:
            self._say_of_step(left)
        if self.inside is not None and (was is None or was.group != self.inside.group):
            return self.inside.group
        return None

    def _leave(self, k: int) -> str:
        """Step k is out of the steps of groups dived into that held the step before: each,
        innermost first, collapsed again by undoing its Expand when that is still the last edit
        (as Dive Out: the document as it was, no new undo step); the step shown stays k. Returns
        what the status bar says of them, every one named ("" when no group was left)."""
        dived, groups = self.controller.groups.dived, self.window.graph.groups
        left = [g for _n, g in sorted((len(dived[g]), g) for g in self._holding if g in dived and k not in dived[g])]
        if not left:
            return ""
        names = {g: groups.get(g).name for g in left}
        self.leaving = True
        try:
            kept = [g for g in left if not self._undo_expand(g)]
        finally:
            self.leaving = False
        collapsed = [names[g] for g in left if g not in kept]
        said = [f"Out of the steps of {_and(collapsed)}: collapsed again."] if collapsed else []
        if kept:  # (true whatever expanded it: Dive In, its card's toggle, an Undo of its Collapse)
            one = len(kept) == 1
            said.append(
                f"Out of the steps of {_and([names[g] for g in kept])}: "
                + ("it stays expanded (its Expand is" if one else "they stay expanded (their Expands are")
                + f" not the last edit; Collapse or Expand Group, {key_text('collapse_group')}, collapses "
                + ("it)." if one else "them).")
            )
        return " ".join(said)

    def _say_of_step(self, text: str) -> None:
        """A message about the step shown only (a dive, a dive refused): the next step clears it, and
        the status bar names the pass again, as at a step where no dive happened."""
        self.message(text)
        self._step_said = text

    def _undo_expand(self, group: str) -> bool:
        """Collapse the group by undoing its Expand, when that is the last edit done (the document
        as before the dive, no new undo step). False: other edits came after it."""
        stack = self.window.undo_stack
        last = stack.command(stack.index() - 1) if stack.index() > 0 else None
        if not isinstance(last, CollapseGroupCommand) or last.group_id != group or last.collapsed:
            return False
        stack.undo()
        self.window.scene.groups.later.place_held_cards()
        return True

    def _set_collapsed(self, group: str, collapsed: bool, by_dive: bool = False) -> bool:
        """Collapse or expand a group as one undo step, its card or frame placed at once. by_dive:
        the Expand of a Dive In (marked so: a later Dive In may drop it from Redo, _by_dive)."""

        def make() -> CollapseGroupCommand:
            command = CollapseGroupCommand(self.window.graph, group, collapsed)
            command.by_dive = by_dive
            return command

        done = try_push(self.window.undo_stack, make, self.message)
        self.window.scene.groups.later.place_held_cards()
        return done is not None


def _and(names: list[str]) -> str:
    """ "layer2", "layer2 and net", "a, b and c"."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _by_dive(command) -> bool:
    """An Expand that a Dive In pushed (left again by Dive Out or by stepping past the group)."""
    return getattr(command, "by_dive", False)
