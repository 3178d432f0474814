"""The one Go json.Marshal encoder: maps sorted, structs in field order, Go's floats and HTML-safe escapes."""

from __future__ import annotations

import pytest

from retail_ai_components.preview.gojson import marshal, marshal_struct


def test_a_map_is_written_with_sorted_keys_and_a_struct_in_field_order():
    value = {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "oss:GetObject"}]}
    assert marshal(value) == '{"Statement":[{"Action":"oss:GetObject","Effect":"Allow"}],"Version":"1"}'
    assert (
        marshal_struct(value) == '{"Version":"1","Statement":[{"Effect":"Allow","Action":"oss:GetObject"}]}'
    )


@pytest.mark.parametrize(
    ("value", "text"),
    [(1.5, "1.5"), (3.0, "3"), (1e21, "1e+21"), (1.5e-7, "1.5e-7"), (-0.0, "-0"), (0.000001, "0.000001")],
)
def test_floats_are_formatted_as_go_formats_a_float64(value, text):
    assert marshal(value) == text


def test_html_characters_and_line_separators_are_escaped_as_go_escapes_them():
    assert marshal({"k": "<a&b>\u2028\u2029"}) == '{"k":"\\u003ca\\u0026b\\u003e\\u2028\\u2029"}'


def test_nan_is_refused_as_go_refuses_it():
    with pytest.raises(ValueError, match="unsupported value"):
        marshal(float("nan"))
