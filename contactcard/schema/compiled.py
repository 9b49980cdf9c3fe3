"""Compiled execution: a query runs from its plan (schema/plan.py), not through graphql-core's executor.

Per request, a `Run` walks the plan over the resolved values: a plain field is its attribute, coerced; a
field with a resolver calls strawberry's resolver exactly as graphql-core would (the same resolve info, the
same argument values, so permissions, field extensions and strawberry's argument conversion all apply); a
resolver that returns an awaitable is stepped by hand (schema/stepping.py), all of a request's at once, so
no task or future is made per field and a loader's cached answer completes at once. Objects, lists, enums
and scalars are completed as graphql-core completes them, with the same messages; errors are located at
the same paths, and a null where the type forbids one propagates to the nearest nullable field, as the
specification says, also when it is found after its parent was already written (a `Slot` names where).

graphql-core remains the executor for what is not planned (schema/plan.py) and the reference the compiled
output is tested against (tests/test_compiled_execution.py).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from graphql import GraphQLError, GraphQLResolveInfo, located_error
from graphql.execution import ExecutionResult, Executor
from graphql.execution.values import get_argument_values
from graphql.pyutils import Path, Undefined, inspect, is_iterable
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from contactcard.schema.execution import SLOW
from contactcard.schema.plan import (
    Abstract,
    Completion,
    FieldPlan,
    Leaf,
    ListOf,
    NonNull,
    Object,
    OperationPlan,
    PlanCache,
)
from contactcard.schema.stepping import RUNNING, Stepped, settle_first, wind_down

Info = GraphQLResolveInfo[Any]


class Slot:
    """Where a value sits in the response: a null propagating from below is written here."""

    __slots__ = ("container", "key", "path")

    def __init__(
        self, container: dict[str, Any] | list[Any] | None, key: str | int, path: Path | None
    ) -> None:
        self.container = container
        self.key = key
        self.path = path


ROOT = Slot(None, "", None)
"""The response's `data` itself (a non-null root field that failed)."""


class Waiting(Stepped):
    """A field's awaitable being stepped, and where its completed value goes."""

    __slots__ = ("boundary", "container", "field", "info", "path")

    def __init__(
        self,
        awaitable: Awaitable[Any],
        field: FieldPlan,
        path: Path,
        container: dict[str, Any],
        boundary: Slot,
        info: Info,
    ) -> None:
        super().__init__(awaitable)
        self.field = field
        self.path = path
        self.container = container
        self.boundary = boundary
        self.info = info


class Run:
    """One request's execution of a plan."""

    def __init__(self, executor: Executor[Any], default_resolver: Callable[[Any, str], Any]) -> None:
        self.executor = executor
        self.errors = executor.collected_errors
        self.propagate = executor.error_propagation
        self.default_resolver = default_resolver
        self.started: list[Waiting] = []
        self.arguments: dict[int, dict[str, Any]] = {}
        self.data_nulled = False

    async def execute(self, plan: OperationPlan) -> dict[str, Any] | None:
        try:
            data: dict[str, Any] | None = self.object(plan.fields, self.executor.root_value, None, ROOT)
        except GraphQLError as error:  # a non-null root field failed
            self.errors.add(error, None)
            self.data_nulled = True
            data = None
        await self.drain()
        return None if self.data_nulled else data

    # -- fields -------------------------------------------------------------------------------------------

    def object(
        self, fields: list[FieldPlan], source: Any, path: Path | None, boundary: Slot
    ) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for field in fields:
            plain = field.plain
            if plain is not None:
                value = plain(source)
                if value is not SLOW:
                    out[field.response_name] = value
                    continue
            out[field.response_name] = self.field(field, source, path, out, boundary)
        return out

    def field(
        self, field: FieldPlan, source: Any, parent: Path | None, out: dict[str, Any], boundary: Slot
    ) -> Any:
        path = Path(parent, field.response_name, field.parent.name)
        if not field.non_null:
            boundary = Slot(out, field.response_name, path)
        info: Info | None = None
        try:
            if field.attribute is not None:
                value = self.default_resolver(source, field.attribute)
            else:
                info = self.info(field, path)
                value = (field.definition.resolve or self.executor.field_resolver)(
                    source, info, **self.argument_values(field)
                )
                if self.executor.is_awaitable(value):
                    self.started.append(Waiting(value, field, path, out, boundary, info))
                    return None
            return self.complete(field.completion, value, field, path, boundary, info)
        except Exception as raw:
            return self.failed(raw, field, path)

    def failed(self, raw: Exception, field: FieldPlan, path: Path) -> None:
        """graphql-core's `handle_field_error`: null here, or raised on to the nearest nullable field."""
        error = located_error(raw, field.nodes, path.as_list())
        if self.propagate and field.non_null:
            raise error
        self.errors.add(error, path)

    def info(self, field: FieldPlan, path: Path) -> Info:
        return self.executor.build_resolve_info(field.definition, field.nodes, field.parent, path)

    def argument_values(self, field: FieldPlan) -> dict[str, Any]:
        if field.arguments is not None:
            return field.arguments
        values = self.arguments.get(id(field))
        if values is None:
            executor = self.executor
            values = self.arguments[id(field)] = get_argument_values(
                field.definition,
                field.nodes[0],
                executor.variable_values,
                field.details[0].fragment_variable_values,
                executor.hide_suggestions,
            )
        return values

    # -- completion ---------------------------------------------------------------------------------------

    def complete(
        self,
        completion: Completion,
        value: Any,
        field: FieldPlan,
        path: Path,
        boundary: Slot,
        info: Info | None,
    ) -> Any:
        if isinstance(value, Exception):
            raise value
        if isinstance(completion, NonNull):
            completed = self.complete(completion.of, value, field, path, boundary, info)
            if completed is None:
                raise TypeError(
                    f"Cannot return null for non-nullable field {field.parent.name}.{field.name}."
                )
            return completed
        if value is None or value is Undefined:
            return None
        if isinstance(completion, Leaf):
            coerced = completion.type.coerce_output_value(value)
            if coerced is Undefined or coerced is None:
                raise TypeError(
                    f"Expected `{inspect(completion.type)}.coerce_output_value({inspect(value)})`"
                    f" to return non-nullable value, returned: {inspect(coerced)}"
                )
            return coerced
        if isinstance(completion, Object):
            return self.object_value(completion, value, field, path, boundary, info)
        if isinstance(completion, ListOf):
            return self.list_value(completion, value, field, path, boundary, info)
        return self.abstract_value(completion, value, field, path, boundary, info)

    def object_value(
        self,
        completion: Object,
        value: Any,
        field: FieldPlan,
        path: Path,
        boundary: Slot,
        info: Info | None,
    ) -> dict[str, Any]:
        type_ = completion.type
        if type_.is_type_of is not None:
            is_type_of = self.synchronous(type_.is_type_of(value, info or self.info(field, path)))
            if not is_type_of:
                raise GraphQLError(
                    f"Expected value of type '{type_.name}' but got: {inspect(value)}.", field.nodes
                )
        return self.object(completion.fields, value, path, boundary)

    def abstract_value(
        self,
        completion: Abstract,
        value: Any,
        field: FieldPlan,
        path: Path,
        boundary: Slot,
        info: Info | None,
    ) -> dict[str, Any]:
        info = info or self.info(field, path)
        abstract = completion.type
        resolve_type = abstract.resolve_type or self.executor.type_resolver
        runtime_name = self.synchronous(resolve_type(value, info, abstract))
        runtime = self.executor.ensure_valid_runtime_type(runtime_name, abstract, field.details, info, value)
        fields = completion.fields_of(runtime)
        return self.object_value(Object(runtime, fields), value, field, path, boundary, info)

    def list_value(
        self,
        completion: ListOf,
        value: Any,
        field: FieldPlan,
        path: Path,
        boundary: Slot,
        info: Info | None,
    ) -> list[Any]:
        if not is_iterable(value):
            raise GraphQLError(
                f"Expected Iterable, but did not find one for field '{field.parent.name}.{field.name}'."
            )
        item = completion.of
        out: list[Any] = []
        for index, element in enumerate(value):
            item_path = Path(path, index, None)
            item_boundary = boundary if completion.item_non_null else Slot(out, index, item_path)
            try:
                if self.executor.is_awaitable(element):
                    _close(element)
                    raise TypeError("a list of awaitables is not supported by compiled execution")
                completed = self.complete(item, element, field, item_path, item_boundary, info)
            except Exception as raw:
                error = located_error(raw, field.nodes, item_path.as_list())
                if self.propagate and completion.item_non_null:
                    raise error from None
                self.errors.add(error, item_path)
                completed = None
            out.append(completed)
        return out

    def synchronous(self, value: Any) -> Any:
        """`value`, refused when awaitable: an asynchronous `is_type_of` or `resolve_type` (strawberry's are
        not) is an error at the field's path rather than a plan that waits in the middle of a completion."""
        if self.executor.is_awaitable(value):
            _close(value)
            raise TypeError(
                "an asynchronous is_type_of or resolve_type is not supported by compiled execution"
            )
        return value

    # -- awaiting -----------------------------------------------------------------------------------------

    async def drain(self) -> None:
        """Step every started resolver to its end, completing each value where it belongs; what completing
        starts is stepped in the same round, so loaders batch across the whole response."""
        waiting: list[Waiting] = []
        try:
            while True:
                while self.started and not self.data_nulled:
                    started, self.started = self.started, []
                    for each in started:
                        self.step(each, waiting)
                if self.data_nulled:  # the response is `data: null` whatever the rest answers: stop it
                    await wind_down([*waiting, *self.started])
                    return
                if not waiting:
                    return
                await settle_first(waiting)
                ready = [w for w in waiting if w.ready]
                waiting = [w for w in waiting if not w.ready]
                for each in ready:
                    if not self.data_nulled:
                        self.step(each, waiting)
                    else:
                        self.started.append(each)  # wound down with the rest
        except BaseException:  # cancelled (the request's timeout), or a failure of this module's own
            await wind_down([*waiting, *self.started])
            raise

    def step(self, waiting: Waiting, still: list[Waiting]) -> None:
        try:
            value = waiting.step()
        except Exception as raw:
            self.settle_failed(waiting, raw)
            return
        if value is RUNNING:
            still.append(waiting)
            return
        field, path = waiting.field, waiting.path
        try:
            waiting.container[field.response_name] = self.complete(
                field.completion, value, field, path, waiting.boundary, waiting.info
            )
        except Exception as raw:
            self.settle_failed(waiting, raw)

    def settle_failed(self, waiting: Waiting, raw: Exception) -> None:
        waiting.container[waiting.field.response_name] = None
        try:
            self.failed(raw, waiting.field, waiting.path)
        except GraphQLError as error:  # a non-null field: its nearest nullable ancestor becomes null
            self.null_at(waiting.boundary, error)

    def null_at(self, slot: Slot, error: GraphQLError) -> None:
        if slot.container is None:
            self.data_nulled = True
            self.errors.add(error, None)
            return
        slot.container[slot.key] = None  # type: ignore[index]
        self.errors.add(error, slot.path)


def _close(awaitable: Any) -> None:
    close = getattr(awaitable, "close", None)
    if close is not None:
        close()


def compiled_executor(
    base: type[StrawberryGraphQLCoreExecutionContext],
    plans: PlanCache,
    default_resolver: Callable[[Any, str], Any],
) -> type[StrawberryGraphQLCoreExecutionContext]:
    """`base` (strawberry's executor, with the plain-field fast path) running planned queries compiled."""

    class CompiledExecutor(base):  # type: ignore[valid-type, misc]
        def execute_operation(self, serially: bool | None = None) -> Any:
            middleware = self.middleware_manager
            plan = None
            if serially is None and self.abort_signal is None and not (middleware and middleware.middlewares):
                plan = plans.plan(self)
            if plan is None:
                return super().execute_operation(serially)
            return self.execute_plan(plan)

        async def execute_plan(self, plan: OperationPlan) -> ExecutionResult:
            data = await Run(self, default_resolver).execute(plan)
            return self.build_response(data)  # type: ignore[no-any-return]

    return CompiledExecutor
