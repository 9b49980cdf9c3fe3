"""The GraphQL schema: strawberry types per domain, merged here into one Schema."""

from __future__ import annotations

from typing import Any

import strawberry
from graphql import GraphQLError
from graphql.validation import NoSchemaIntrospectionCustomRule
from strawberry.extensions import AddValidationRules
from strawberry.schema.config import StrawberryConfig
from strawberry.tools import merge_types
from strawberry.types import ExecutionContext

from contactcard.config import Settings
from contactcard.resolvers.context import RequestContext
from contactcard.schema.activity import ChangeEvent, Comment
from contactcard.schema.activity_mutations import ActivityMutation
from contactcard.schema.behaviour import TIMELINE_TYPES
from contactcard.schema.bulk import BulkMutation
from contactcard.schema.card import PANEL_TYPES
from contactcard.schema.comment_mutations import CommentMutation
from contactcard.schema.compiled import compiled_executor
from contactcard.schema.contact_mutations import ContactMutation
from contactcard.schema.deal_mutations import DealMutation
from contactcard.schema.erasure import ErasureMutation, ErasureQuery
from contactcard.schema.execution import plain_field_executor, plain_fields
from contactcard.schema.extensions import CachedParse, RequestExtension, is_expected, log
from contactcard.schema.fields import CustomFieldMutation, CustomFieldQuery
from contactcard.schema.file_mutations import FileMutation
from contactcard.schema.jobs import JobMutation, JobQuery
from contactcard.schema.layouts import LayoutMutation, LayoutQuery
from contactcard.schema.limits import Limits, limits_extension
from contactcard.schema.list_views import ListViewMutation, ListViewQuery
from contactcard.schema.live import Subscription
from contactcard.schema.merge import MergeMutation, MergeQuery
from contactcard.schema.names import RememberedNames
from contactcard.schema.pickers import PickerQuery
from contactcard.schema.plan import PlanCache, build_plan
from contactcard.schema.queries import Query
from contactcard.schema.scalars import SCALAR_OVERRIDES
from contactcard.schema.scopes import ReadScopeExtension
from contactcard.schema.task_mutations import TaskMutation
from contactcard.schema.users import User
from contactcard.schema.webhooks import WebhookMutation, WebhookQuery

DOCUMENT_CACHE_SIZE = 256


class ContactcardSchema(strawberry.Schema):
    suggestions: bool = True
    """Whether validation errors may suggest field names ("Did you mean …?"): off with introspection."""
    plans: PlanCache | None = None
    """The plans of compiled execution (None when it is off)."""

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        """Log unexpected errors with their traceback and the request id the client was given."""
        context: Any = execution_context.context if execution_context else None
        request_id = context.request_id if isinstance(context, RequestContext) else "-"
        for error in errors:
            if not is_expected(error):
                log.error("request %s: %s", request_id, error.message, exc_info=error.original_error)


def build_schema(settings: Settings | None = None) -> ContactcardSchema:
    """The schema with the limits and discovery of `settings` (defaults: limits on, introspection on)."""
    settings = settings or Settings()
    limits = Limits(
        depth=settings.max_depth,
        aliases=settings.max_aliases,
        directives=settings.max_directives,
        tokens=settings.max_tokens,
        node_budget=settings.node_budget,
        repeated_fields=settings.max_repeated_fields,
    )
    extensions: list[Any] = [
        RequestExtension,
        ReadScopeExtension,  # before the limits: a token that may not read learns nothing more
        limits_extension(limits),
        # Dashboards send the same few documents all day: parse each once (a bounded cache; the limits
        # extension validates each once too).
        lambda: CachedParse(maxsize=DOCUMENT_CACHE_SIZE),
    ]
    if not settings.introspection:
        extensions.append(lambda: AddValidationRules([NoSchemaIntrospectionCustomRule]))
    built = ContactcardSchema(
        query=merge_types(
            "Query",
            (
                Query,
                LayoutQuery,
                CustomFieldQuery,
                MergeQuery,
                ErasureQuery,
                PickerQuery,
                ListViewQuery,
                JobQuery,
                WebhookQuery,
            ),
        ),
        mutation=merge_types(
            "Mutation",
            (
                LayoutMutation,
                ContactMutation,
                CustomFieldMutation,
                CommentMutation,
                FileMutation,
                DealMutation,
                TaskMutation,
                ActivityMutation,
                MergeMutation,
                ErasureMutation,
                ListViewMutation,
                BulkMutation,
                JobMutation,
                WebhookMutation,
            ),
        ),
        subscription=Subscription,
        types=[User, Comment, ChangeEvent, *TIMELINE_TYPES, *PANEL_TYPES.values()],
        extensions=extensions,
        scalar_overrides=SCALAR_OVERRIDES,
        config=StrawberryConfig(name_converter=RememberedNames()),
    )
    built.suggestions = settings.introspection
    if settings.plain_field_fast_path:
        resolve_attribute = built.config.default_resolver
        table = plain_fields(built._schema, resolve_attribute)
        executor = plain_field_executor(built._schema, resolve_attribute, table)
        if settings.compiled_execution:
            built.plans = PlanCache(lambda first: build_plan(first, table))
            executor = compiled_executor(executor, built.plans, resolve_attribute)
        built.execution_context_class = executor
    return built


schema = build_schema()
