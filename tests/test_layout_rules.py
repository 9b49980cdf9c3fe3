"""The layer merge and the user's edits, as pure functions, under random sequences (hypothesis)."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from contactcard.layouts import edits
from contactcard.layouts.merge import merge
from contactcard.layouts.model import Layer, LayerPanel, Source, layer_from_json
from contactcard.layouts.registry import REGISTRY, PanelKind
from contactcard.layouts.validation import PanelInput

KINDS = list(PanelKind)
KIND_NAMES = [k.value for k in KINDS] + ["BOGUS", "history", ""]


def kinds_once(layout) -> bool:
    return sorted(p.kind for p in layout.panels) == sorted(KINDS) and [
        p.position for p in layout.panels
    ] == list(range(len(KINDS)))


@st.composite
def workspace_layers(draw) -> Layer:
    """A workspace layer: some kinds in some order, some of them locked (pinned at their index)."""
    kinds = draw(st.permutations(KINDS))[: draw(st.integers(0, len(KINDS)))]
    panels = tuple(
        LayerPanel(
            kind,
            enabled=draw(st.sampled_from([None, True, False])),
            settings=draw(st.sampled_from([{}, {"pageSize": 3}, {"pageSize": 50}])),
            locked=draw(st.booleans()),
        )
        for kind in kinds
    )
    return Layer(Source.WORKSPACE, panels)


@st.composite
def role_layers(draw) -> Layer:
    kinds = draw(st.permutations(KINDS))[: draw(st.integers(0, len(KINDS)))]
    return Layer(Source.ROLE, tuple(LayerPanel(kind, enabled=draw(st.booleans())) for kind in kinds))


settings_values = st.one_of(
    st.fixed_dictionaries({"pageSize": st.integers(-3, 60)}),
    st.fixed_dictionaries({"pageSize": st.sampled_from(["10", None, 2.5, True])}),
    st.fixed_dictionaries({"only": st.sampled_from(["ALL", "COMMENTS", "NONE"])}),
    st.fixed_dictionaries({"types": st.lists(st.sampled_from(["VISIT", "PURCHASE", "NOPE"]), max_size=3)}),
    st.just({"unknown": 1}),
    st.just("not an object"),
)

operations = st.one_of(
    st.tuples(st.just("move"), st.sampled_from(KIND_NAMES), st.integers(-2, 10)),
    st.tuples(st.just("toggle"), st.sampled_from(KIND_NAMES), st.booleans()),
    st.tuples(st.just("configure"), st.sampled_from(KIND_NAMES), settings_values),
    st.tuples(
        st.just("replace"),
        st.lists(
            st.builds(
                PanelInput, kind=st.sampled_from(KIND_NAMES), enabled=st.sampled_from([None, True, False])
            ),
            max_size=10,
        ),
        st.none(),
    ),
    st.tuples(st.just("reset"), st.none(), st.none()),
)


def apply(operation: tuple[str, Any, Any], effective, user: Layer):
    name, first, second = operation
    if name == "move":
        return edits.move(effective, user, first, second)
    if name == "toggle":
        return edits.toggle(effective, user, first, second)
    if name == "configure":
        return edits.configure(effective, user, first, second)
    if name == "replace":
        return edits.replace_all(effective, first)
    return edits.reset(effective)


@settings(max_examples=400, deadline=None)
@given(workspace=workspace_layers(), role=role_layers(), ops=st.lists(operations, max_size=12))
def test_random_edits_keep_every_kind_once_and_locked_panels_where_the_admin_put_them(workspace, role, ops):
    user = Layer(Source.USER)
    pinned = {p.kind: index for index, p in enumerate(workspace.panels) if p.locked}
    for operation in ops:
        before = merge([workspace, role, user])
        panels, errors = apply(operation, before, user)
        if not errors:
            # what the API stores and reads back (the JSON round trip drops nothing valid)
            user = layer_from_json(Source.USER, [p.to_json() for p in panels], version=user.version + 1)
        after = merge([workspace, role, user])
        assert kinds_once(after)
        for kind, index in pinned.items():
            panel = after.panel(kind)
            entry = workspace.entry(kind)
            assert (panel.position, panel.locked, panel.source) == (index, True, Source.WORKSPACE)
            expected_enabled = True if entry.enabled is None else entry.enabled
            assert panel.enabled is expected_enabled
            assert panel.settings == {**REGISTRY[kind].defaults(), **entry.settings}
        target = (
            PanelKind(operation[1])
            if operation[0] in ("move", "toggle", "configure") and operation[1] in KINDS
            else None
        )
        if target in pinned:
            assert [e.code for e in errors] == ["PANEL_LOCKED"], "a locked panel cannot be edited"
        if errors:
            assert after == before, "a refused edit changes nothing"
        elif operation[0] == "move":
            assert operation[2] not in pinned.values(), "a move onto a pinned place is refused"
            assert after.panel(PanelKind(operation[1])).position == operation[2]


def test_a_kind_the_user_never_mentioned_appears_at_its_inherited_position():
    user = Layer(Source.USER, (LayerPanel(PanelKind.CALLS), LayerPanel(PanelKind.HISTORY)))
    workspace = Layer(
        Source.WORKSPACE,
        tuple(
            LayerPanel(k) for k in [PanelKind.TIMELINE, *[k for k in KINDS if k is not PanelKind.TIMELINE]]
        ),
    )
    layout = merge([workspace, Layer(Source.ROLE), user])
    assert [p.kind for p in layout.panels][:1] == [PanelKind.TIMELINE]
    # HISTORY and CALLS swapped places among themselves; everything else kept the workspace's order
    inherited = [PanelKind.TIMELINE, *[k for k in KINDS if k is not PanelKind.TIMELINE]]
    swapped = [
        {PanelKind.HISTORY: PanelKind.CALLS, PanelKind.CALLS: PanelKind.HISTORY}.get(k, k) for k in inherited
    ]
    assert [p.kind for p in layout.panels] == swapped


def test_a_stored_layer_that_no_longer_validates_is_read_without_the_bad_parts():
    layer = layer_from_json(
        Source.USER,
        [
            {"kind": "REMOVED_KIND", "enabled": False},
            {"kind": "TASKS", "settings": {"pageSize": 999, "gone": 1}, "enabled": False},
            {"kind": "TASKS", "enabled": True},
            {"kind": "CALLS", "locked": True},
            "garbage",
        ],
    )
    assert layer.panels == (LayerPanel(PanelKind.TASKS, enabled=False), LayerPanel(PanelKind.CALLS))
    assert kinds_once(merge([layer]))


def test_a_locked_workspace_layer_ignores_the_layers_below():
    workspace = Layer(Source.WORKSPACE, (LayerPanel(PanelKind.DEALS, enabled=False),), locked=True)
    user = Layer(Source.USER, (LayerPanel(PanelKind.DEALS, enabled=True),), version=4)
    layout = merge([workspace, Layer(Source.ROLE, (LayerPanel(PanelKind.CALLS, enabled=False),)), user])
    assert layout.locked_by is Source.WORKSPACE
    assert layout.version == 4
    assert layout.panel(PanelKind.DEALS).enabled is False
    assert layout.panel(PanelKind.CALLS).enabled is True
    assert edits.toggle(layout, user, "TASKS", False)[1][0].code == "LAYOUT_LOCKED"
