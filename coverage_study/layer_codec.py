"""How a saved annotation's layer becomes bytes and comes back exactly
(:mod:`coverage_study.saved_annotation`): a DataFrame as Parquet, with its object columns
(spans as tuples, dicts, ``None`` beside ``NaN``, numpy scalars, timestamps) as tagged JSON
text and its ``attrs`` in the schema's metadata, so that dtypes and value types survive the
round trip; a list layer as a one-column frame of such values.
"""

from __future__ import annotations

import io
import json
import math
from typing import Any

import numpy as np
import pandas as pd
from pandas.api.types import is_object_dtype

__all__ = [
    "decode_value", "encode_value", "frame_from_bytes", "frame_to_bytes", "items_from_bytes",
    "items_to_bytes",
]  # fmt: skip

_META = b"coverage_study"


def encode_value(v: Any) -> Any:
    """A JSON value that :func:`decode_value` turns back into ``v`` (type included)."""
    if v is None or isinstance(v, str | bool):
        return v
    if isinstance(v, int):
        return v
    if isinstance(v, float):
        return v if math.isfinite(v) else {"f": repr(v)}
    if isinstance(v, tuple):
        return {"t": [encode_value(x) for x in v]}
    if isinstance(v, list):
        return [encode_value(x) for x in v]
    if isinstance(v, dict):
        return {"d": [[encode_value(k), encode_value(x)] for k, x in v.items()]}
    if v is pd.NA:
        return {"na": 1}
    if v is pd.NaT:
        return {"nat": 1}
    if isinstance(v, pd.Timestamp):
        return {"ts": v.isoformat(), "unit": v.unit}
    if isinstance(v, np.generic):
        return {"np": v.dtype.str, "v": encode_value(v.item())}
    raise TypeError(f"a value of type {type(v).__name__} cannot be saved: {v!r}")


_PLAIN = frozenset({int, str, bool, float, type(None)})


def decode_value(v: Any) -> Any:
    if isinstance(v, list):
        return [decode_value(x) for x in v]
    if not isinstance(v, dict):
        return v
    if "t" in v:
        items = v["t"]
        if all(type(x) in _PLAIN for x in items):  # a span: no tagged value inside
            return tuple(items)
        return tuple(decode_value(x) for x in items)
    if "d" in v:
        return {decode_value(k): decode_value(x) for k, x in v["d"]}
    if "f" in v:
        return float(v["f"])
    if "na" in v:
        return pd.NA
    if "nat" in v:
        return pd.NaT
    if "ts" in v:
        return pd.Timestamp(v["ts"]).as_unit(v["unit"])
    if "np" in v:
        return np.dtype(v["np"]).type(decode_value(v["v"]))
    raise ValueError(f"not a saved value: {v!r}")


def _tagged(v: dict[str, Any]) -> Any:
    """:func:`decode_value` of a tagged JSON object whose values the JSON parser has already
    decoded (its ``object_hook``: called innermost first, so lists and tags inside are done)."""
    if "t" in v:
        return tuple(v["t"])
    if "d" in v:
        return {k: x for k, x in v["d"]}
    if "np" in v:
        return np.dtype(v["np"]).type(v["v"])
    return decode_value(v)  # "f", "na", "nat", "ts": no value inside to decode


def frame_to_bytes(table: pd.DataFrame) -> bytes:
    """``table`` as Parquet: its object columns as tagged JSON text, its attrs in the schema."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    objects, texts = [], []  # object columns kept as JSON; those of str and None only
    plain = table.copy(deep=False)
    plain.attrs = {}
    for c in (c for c, dtype in table.dtypes.items() if is_object_dtype(dtype)):
        values = table[c].tolist()
        if all(v is None or type(v) is str for v in values):
            texts.append(c)  # a Parquet string column, None as null: read back as they were
            continue
        objects.append(c)
        plain[c] = pd.Series([json.dumps(encode_value(v), ensure_ascii=False) for v in values],
                             index=table.index, dtype=object)  # fmt: skip
    arrow = pa.Table.from_pandas(plain)
    meta = {"objects": objects, "texts": texts, "attrs": encode_value(dict(table.attrs))}
    schema_meta = dict(arrow.schema.metadata or {})
    schema_meta[_META] = json.dumps(meta).encode("utf-8")
    buffer = io.BytesIO()
    pq.write_table(arrow.replace_schema_metadata(schema_meta), buffer)
    return buffer.getvalue()


def frame_from_bytes(data: bytes) -> pd.DataFrame:
    import pyarrow as pa
    import pyarrow.parquet as pq

    arrow = pq.read_table(pa.BufferReader(data))
    meta = json.loads((arrow.schema.metadata or {})[_META])
    table = arrow.to_pandas()
    for c in meta["texts"]:
        table[c] = pd.Series(arrow.column(c).to_pylist(), index=table.index, dtype=object)
    for c in meta["objects"]:
        # the column's JSON texts parsed as one array (each text is one JSON value), each tagged
        # object decoded as the parser makes it: decode_value of each, in one call
        texts = table[c].tolist()
        values = json.loads("[" + ",".join(texts) + "]", object_hook=_tagged) if texts else []
        table[c] = pd.Series(values, index=table.index, dtype=object)
    table.attrs = decode_value(meta["attrs"])
    return table


def items_to_bytes(items: list[Any]) -> bytes:
    """A layer kept as a list (readability counts, word counts): one JSON row per item."""
    return frame_to_bytes(pd.DataFrame({"item": pd.Series(items, dtype=object)}))


def items_from_bytes(data: bytes) -> list[Any]:
    items: list[Any] = frame_from_bytes(data)["item"].tolist()
    return items
