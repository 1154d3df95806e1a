import pickle

import pytest

from impact.errors import (
    ImpactError,
    InvalidInputError,
    MoneyParseError,
    NonProductiveTableError,
    NotFoundError,
    TableError,
)


@pytest.mark.parametrize(
    "err",
    [
        InvalidInputError("must be > 0", field="investment"),
        MoneyParseError("unit 억 repeated", field="claims.jobs", text="억억", position=1),
        NonProductiveTableError("spectral radius 1.2 >= 1", spectral_radius=1.2),
        NotFoundError("no sector '99'", field="demand.99"),
    ],
)
def test_errors_survive_pickling(err: ImpactError) -> None:
    back = pickle.loads(pickle.dumps(err))
    assert type(back) is type(err)
    assert (back.detail, back.field, back.extra) == (err.detail, err.field, err.extra)
    assert str(back) == str(err)


def test_leaves_inherit_builtins() -> None:
    assert issubclass(MoneyParseError, ValueError)
    assert issubclass(NonProductiveTableError, TableError)
    assert issubclass(NotFoundError, LookupError)


def test_field_prefix() -> None:
    err = MoneyParseError("bad", field="investment", text="x", position=0)
    moved = err.with_field_prefix("plans.1")
    assert moved.field == "plans.1.investment"
    assert moved.extra == {"text": "x", "position": 0}
    assert InvalidInputError("bad").with_field_prefix("plan").field == "plan"
