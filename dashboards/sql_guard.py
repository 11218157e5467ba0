"""Guard for the analyst SQL console: one read-only SELECT over the ``marts`` schema, nothing else.

The console already opens the serving copy read-only with external access disabled (see
``dashboards.db.CONNECT_CONFIG``); this guard is the second line of defence and gives the
analyst a clear reason when a statement is refused. Two checks, both must pass:

1. lexical: one statement, starting with SELECT or WITH, and no forbidden keyword or function
   name outside string literals and quoted identifiers (ATTACH, COPY, INSTALL, LOAD, PRAGMA, SET,
   read_csv, read_parquet, glob, …);
2. structural: DuckDB's own parser (``json_serialize_sql``, which only accepts SELECT statements)
   must see exactly one statement, whose every table reference is a CTE or a table in ``marts``
   and whose every function is allowed.
"""
from __future__ import annotations

import json
import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass

import duckdb

ALLOWED_SCHEMAS = frozenset({"marts"})

FORBIDDEN_KEYWORDS = frozenset(
    {
        "abort", "alter", "analyze", "attach", "begin", "call", "checkpoint", "comment",
        "commit", "copy", "create", "deallocate", "delete", "describe", "detach", "drop",
        "execute", "export", "force", "grant", "import", "insert", "install", "load", "merge",
        "pragma", "prepare", "reset", "revoke", "rollback", "secret", "set", "show",
        "summarize", "truncate", "update", "use", "vacuum",
    }
)

FORBIDDEN_FUNCTIONS = frozenset(
    {
        "read_csv", "read_csv_auto", "read_parquet", "read_json", "read_json_auto",
        "read_json_objects", "read_json_objects_auto", "read_ndjson", "read_ndjson_auto",
        "read_ndjson_objects", "read_text", "read_blob", "glob", "getenv", "query",
        "query_table", "sniff_csv", "csv_scan", "st_read",
        "current_setting", "which_secret", "load_extension", "http_get", "http_post",
        "parquet_scan", "parquet_metadata", "parquet_schema", "parquet_file_metadata",
        "parquet_kv_metadata", "iceberg_scan", "iceberg_metadata", "delta_scan",
        "sqlite_scan", "sqlite_attach", "postgres_scan", "postgres_query", "mysql_scan",
        "mysql_query", "excel", "read_xlsx", "checkpoint", "force_checkpoint", "sqlite_master",
        "information_schema", "pg_catalog",
    }
)
FORBIDDEN_FUNCTION_PREFIXES = (
    "read_", "parquet_", "duckdb_", "pragma_", "sqlite_", "postgres_", "mysql_", "iceberg_",
    "delta_", "st_read", "http_",
)
FORBIDDEN_FUNCTION_SUFFIXES = ("_scan",)

# Table functions that read nothing but their arguments.
ALLOWED_TABLE_FUNCTIONS = frozenset({"range", "generate_series", "unnest"})


class Refused(ValueError):
    """The statement is not a single read-only SELECT over ``marts``; ``reason`` says why."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Token:
    kind: str  # word, string, quoted, number, symbol
    text: str
    end: int = 0  # offset just after the token in the statement

    def is_symbol(self, char: str) -> bool:
        return self.kind == "symbol" and self.text == char


_WORD = re.compile(r"[A-Za-z_\u0080-\uffff][A-Za-z0-9_$\u0080-\uffff]*")
_NUMBER = re.compile(r"\d+(\.\d*)?([eE][+-]?\d+)?|\.\d+([eE][+-]?\d+)?")
_DOLLAR_TAG = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)?\$")


def tokenize(sql: str) -> list[Token]:
    """Split SQL into tokens, dropping comments and whitespace. Raises Refused on bad quoting."""
    tokens: list[Token] = []
    i, n = 0, len(sql)
    while i < n:
        ch = sql[i]
        if ch.isspace():
            i += 1
        elif sql.startswith("--", i):
            end = sql.find("\n", i)
            i = n if end < 0 else end + 1
        elif sql.startswith("/*", i):
            depth, j = 1, i + 2
            while j < n and depth:
                if sql.startswith("/*", j):
                    depth, j = depth + 1, j + 2
                elif sql.startswith("*/", j):
                    depth, j = depth - 1, j + 2
                else:
                    j += 1
            if depth:
                raise Refused("注释未结束 (unterminated comment)")
            i = j
        elif ch in "eE" and i + 1 < n and sql[i + 1] == "'":
            j = i + 2
            while j < n and sql[j] != "'":
                j += 2 if sql[j] == "\\" else 1
            if j >= n:
                raise Refused("字符串未结束 (unterminated string)")
            tokens.append(Token("string", sql[i + 2 : j], j + 1))
            i = j + 1
        elif ch in "'\"":
            j = i + 1
            while True:
                j = sql.find(ch, j)
                if j < 0:
                    raise Refused("引号未结束 (unterminated quote)")
                if j + 1 < n and sql[j + 1] == ch:
                    j += 2
                    continue
                break
            text = sql[i + 1 : j].replace(ch * 2, ch)
            tokens.append(Token("string" if ch == "'" else "quoted", text, j + 1))
            i = j + 1
        elif ch == "$" and (m := _DOLLAR_TAG.match(sql, i)):
            tag = m.group(0)
            end = sql.find(tag, m.end())
            if end < 0:
                raise Refused("字符串未结束 (unterminated string)")
            i = end + len(tag)
            tokens.append(Token("string", sql[m.end() : end], i))
        elif m := _NUMBER.match(sql, i):
            tokens.append(Token("number", m.group(0), m.end()))
            i = m.end()
        elif m := _WORD.match(sql, i):
            tokens.append(Token("word", m.group(0), m.end()))
            i = m.end()
        else:
            tokens.append(Token("symbol", ch, i + 1))
            i += 1
    return tokens


def _is_forbidden_function(name: str) -> bool:
    name = name.lower()
    return (
        name in FORBIDDEN_FUNCTIONS
        or name.startswith(FORBIDDEN_FUNCTION_PREFIXES)
        or name.endswith(FORBIDDEN_FUNCTION_SUFFIXES)
    )


def _lexical_check(sql: str) -> str:
    tokens = tokenize(sql)
    while tokens and tokens[-1].is_symbol(";"):
        tokens.pop()
    if not tokens:
        raise Refused("语句为空 (empty statement)")
    if any(token.is_symbol(";") for token in tokens):
        raise Refused("只允许一条语句 (only one statement is allowed)")
    for index, token in enumerate(tokens):
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        previous = tokens[index - 1] if index else None
        if token.kind == "word":
            word = token.text.lower()
            if word in FORBIDDEN_KEYWORDS:
                raise Refused(f"不允许使用 {token.text.upper()} (not allowed)")
            is_call = following is not None and following.is_symbol("(")
            if word in FORBIDDEN_FUNCTIONS or (is_call and _is_forbidden_function(word)):
                raise Refused(f"不允许使用函数或对象 {token.text} (not allowed)")
        elif token.kind == "string" and previous is not None and previous.kind == "word":
            if previous.text.lower() in {"from", "join"}:
                raise Refused("不允许读取文件 (reading files is not allowed)")
    first = tokens[0]
    if first.kind != "word" or first.text.lower() not in {"select", "with"}:
        raise Refused("只允许 SELECT 或 WITH 查询 (only SELECT or WITH queries are allowed)")
    # the statement up to its last token: no trailing semicolon or comment
    return sql[: tokens[-1].end]


def _walk(node: object) -> Iterator[dict]:
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)


def _cte_names(tree: object) -> set[str]:
    names: set[str] = set()
    for node in _walk(tree):
        cte_map = node.get("cte_map")
        if isinstance(cte_map, dict):
            for entry in cte_map.get("map", []):
                names.add(str(entry.get("key", "")).lower())
    return names


def _structural_check(sql: str, marts_tables: Collection[str] | None) -> None:
    with duckdb.connect(":memory:") as con:
        serialized = con.execute("select json_serialize_sql(?)", [sql]).fetchone()[0]
    parsed = json.loads(serialized)
    if parsed.get("error"):
        message = parsed.get("error_message", "")
        if "Only SELECT" in message:
            raise Refused("只允许 SELECT 或 WITH 查询 (only SELECT or WITH queries are allowed)")
        raise Refused(f"语句无法解析 (cannot parse): {message}")
    statements = parsed.get("statements", [])
    if len(statements) != 1:
        raise Refused("只允许一条语句 (only one statement is allowed)")
    ctes = _cte_names(statements)
    known = {name.lower() for name in marts_tables} if marts_tables is not None else set()
    for node in _walk(statements):
        node_type = node.get("type")
        if node_type == "BASE_TABLE":
            catalog = node.get("catalog_name") or ""
            schema = (node.get("schema_name") or "").lower()
            table = str(node.get("table_name") or "")
            if catalog:
                raise Refused(f"不允许指定数据库 {catalog} (no database prefixes)")
            if schema:
                if schema not in ALLOWED_SCHEMAS:
                    raise Refused(
                        f"只能查询 marts 模式，不能查询 {schema}.{table} "
                        "(only the marts schema can be queried)"
                    )
            elif table.lower() not in ctes and table.lower() not in known:
                raise Refused(
                    f"未知的表 {table}：请写成 marts.<表名> (unknown table; write marts.<table>)"
                )
        elif node_type == "TABLE_FUNCTION":
            function = node.get("function") or {}
            name = str(function.get("function_name", "")).lower()
            if name not in ALLOWED_TABLE_FUNCTIONS:
                raise Refused(f"不允许使用表函数 {name} (table function not allowed)")
        if node.get("class") == "FUNCTION":
            name = str(node.get("function_name", ""))
            if _is_forbidden_function(name):
                raise Refused(f"不允许使用函数 {name} (function not allowed)")
            if node.get("schema") or node.get("catalog"):
                raise Refused(f"不允许限定函数名 {name} (qualified function names not allowed)")


def check(sql: str, marts_tables: Collection[str] | None = None) -> str:
    """Return the statement, ready to run, or raise Refused with the reason.

    ``marts_tables``: names of the tables in ``marts``; when given, unqualified table names that
    are among them are accepted (the console runs with ``search_path = marts``).
    """
    statement = _lexical_check(sql)
    _structural_check(statement, marts_tables)
    return statement
