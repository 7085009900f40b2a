"""PYD003: the Pydantic v1 APIs it knows, and what a hit carries to ``judge`` and ``fix``."""

from __future__ import annotations

from typing import NamedTuple

from auditor.source_edits import Where

VALIDATOR = frozenset(
    {
        "pydantic.validator",
        "pydantic.class_validators.validator",
        "pydantic.deprecated.class_validators.validator",
    }
)
ROOT_VALIDATOR = frozenset(
    {
        "pydantic.root_validator",
        "pydantic.class_validators.root_validator",
        "pydantic.deprecated.class_validators.root_validator",
    }
)
FIELD_VALIDATOR = "pydantic.field_validator"
#: Deprecated class methods of ``BaseModel``: v1 name -> (v2 spelling, fix offered).
CLASS_METHODS: dict[str, tuple[str, bool]] = {
    "parse_obj": ("model_validate()", True),
    "parse_raw": ("model_validate_json()", True),
    "parse_file": ("model_validate_json(path.read_text())", False),
    "from_orm": ("model_validate()", True),
    "schema": ("model_json_schema()", True),
    "schema_json": ("json.dumps(<model>.model_json_schema())", False),
    "construct": ("model_construct()", True),
    "update_forward_refs": ("model_rebuild()", True),
    "validate": ("model_validate()", False),
}
CLASS_RENAMES = {
    "parse_obj": "model_validate",
    "parse_raw": "model_validate_json",
    "from_orm": "model_validate",
    "schema": "model_json_schema",
    "construct": "model_construct",
    "update_forward_refs": "model_rebuild",
}
#: Deprecated module-level functions and decorators, by canonical name.
FUNCTIONS: dict[str, tuple[str, str]] = {
    "pydantic.parse_obj_as": ("parse_obj_as()", "`TypeAdapter(T).validate_python(obj)`"),
    "pydantic.tools.parse_obj_as": ("parse_obj_as()", "`TypeAdapter(T).validate_python(obj)`"),
    "pydantic.deprecated.tools.parse_obj_as": (
        "parse_obj_as()",
        "`TypeAdapter(T).validate_python(obj)`",
    ),
    "pydantic.schema_of": ("schema_of()", "`TypeAdapter(T).json_schema()`"),
    "pydantic.tools.schema_of": ("schema_of()", "`TypeAdapter(T).json_schema()`"),
    "pydantic.deprecated.tools.schema_of": ("schema_of()", "`TypeAdapter(T).json_schema()`"),
    "pydantic.schema_json_of": ("schema_json_of()", "`json.dumps(TypeAdapter(T).json_schema())`"),
    "pydantic.tools.schema_json_of": (
        "schema_json_of()",
        "`json.dumps(TypeAdapter(T).json_schema())`",
    ),
    "pydantic.validate_arguments": ("@validate_arguments", "`@validate_call`"),
    "pydantic.decorator.validate_arguments": ("@validate_arguments", "`@validate_call`"),
    "pydantic.deprecated.decorator.validate_arguments": ("@validate_arguments", "`@validate_call`"),
}
#: Deprecated instance methods: v1 name -> v2 name.
INSTANCE_METHODS = {"dict": "model_dump", "json": "model_dump_json", "copy": "model_copy"}
DUMP_KWARGS = frozenset(
    {"include", "exclude", "by_alias", "exclude_unset", "exclude_defaults", "exclude_none"}
)
#: Calls whose result is provably an instance of the class they are called on.
CONSTRUCTORS = frozenset(
    {
        "model_validate",
        "model_validate_json",
        "model_construct",
        "parse_obj",
        "parse_raw",
        "construct",
    }
)
FIELD = "pydantic.Field"
#: ``pydantic.Field``'s keyword arguments in v2 (2.13).
FIELD_KWARGS = frozenset(
    "default default_factory alias alias_priority validation_alias serialization_alias title "
    "field_title_generator description examples exclude exclude_if discriminator deprecated "
    "json_schema_extra frozen validate_default repr init init_var kw_only pattern strict "
    "coerce_numbers_to_str gt ge lt le multiple_of allow_inf_nan max_digits decimal_places "
    "min_length max_length union_mode fail_fast".split()
)
#: PYD002 reports these (they raise).
PYD002_FIELD_KWARGS = frozenset({"regex", "const", "unique_items"})
FIELD_RENAMES = {"min_items": "min_length", "max_items": "max_length"}
PARAM_CLASSES = frozenset(
    f"fastapi.{n}" for n in ("Query", "Path", "Body", "Header", "Cookie", "Form")
)
STATIC = frozenset({"builtins.staticmethod"})
CLASSMETHOD = frozenset({"builtins.classmethod"})


class ValidatorFix(NamedTuple):
    """How to rewrite one ``@validator`` (found in the module pass)."""

    dec_index: int  # the ``@validator`` decorator's index in the decorator list
    pre: bool
    add_classmethod: bool
    validator_name: str  # how ``field_validator`` is spelled in the module
    validator_import: bool  # whether an import of it must be added


#: Pydantic's version, as the code can read it (both majors have these).
VERSION_VALUES = frozenset({"pydantic.VERSION", "pydantic.version.VERSION", "pydantic.__version__"})
#: ``importlib.metadata.version("pydantic")`` and its backport.
DIST_VERSION = frozenset({"importlib.metadata.version", "importlib_metadata.version"})


class Data(NamedTuple):
    """What a hit of this check carries from the module pass to ``judge`` and ``fix``."""

    cls: str | None = None
    method: str | None = None
    recv: str | None = None
    op: str | None = None
    kind: str | None = None
    where: Where | None = None
    validator: ValidatorFix | None = None
    call_line: int | None = None
    call_col: int | None = None
    def_line: int | None = None
    def_col: int | None = None
    key: str | None = None
    new: str | None = None
    #: the call sits in a function named like its v2 spelling: renaming it would recurse
    self_call: bool = False
    #: a marker, not a finding: the code picks its Pydantic API by the installed major here
    #: (``both.py``); what it tests
    gate: str | None = None
    #: a marker, not a finding: the module uses the v2 API outside every gate (``both.py``)
    v2_use: str | None = None
