"""Milestone 1: compile a path template once, then match request paths against it.

Look at `paths.compile_path` (template in, CompiledPath out) and `CompiledPath.match`.
"""

import re

import pytest
from minirouter import compile_path


def test_a_placeholder_captures_one_segment() -> None:
    """`/users/{name}` matches `/users/ada` and gives `{"name": "ada"}`; a path it does not fit gives None."""
    compiled = compile_path("/users/{name}")
    assert compiled.match("/users/ada") == {"name": "ada"}
    assert compiled.match("/posts/ada") is None, "the literal part must match too"
    assert compiled.match("/users/ada/more") is None, "a plain {param} must not cross '/'"
    assert compiled.match("/users/") is None, "an empty segment is not a value"


def test_a_template_without_placeholders_matches_only_itself() -> None:
    """`/about` matches `/about` with no params (an empty dict, not None), and nothing else."""
    compiled = compile_path("/about")
    assert compiled.match("/about") == {}
    assert compiled.match("/about/") is None, "a trailing slash is a different path"
    assert compiled.match("/abou") is None


def test_every_placeholder_is_captured() -> None:
    """Each `{name}` of the template becomes one key of the result, whatever their number."""
    compiled = compile_path("/users/{name}/posts/{post}")
    assert compiled.match("/users/ada/posts/first") == {"name": "ada", "post": "first"}
    assert compiled.match("/users/ada/posts") is None
    assert compiled.match("/users//posts/first") is None, "an empty segment is not a value"


def test_the_whole_path_must_match() -> None:
    """Matching is all or nothing: no extra text before or after, not even a final newline
    (a regex ending in `$` lets `/about\\n` through; `fullmatch` does not)."""
    assert compile_path("/about").match("/about\n") is None
    assert compile_path("/about").match("/x/about") is None


def test_literal_text_in_a_template_is_not_a_regex() -> None:
    """Dots and other regex characters in a template match only themselves."""
    compiled = compile_path("/files/{name}.txt")
    assert compiled.match("/files/notes.txt") == {"name": "notes"}
    assert compiled.match("/files/notesXtxt") is None
    assert compile_path("/a+b/(c)").match("/a+b/(c)") == {}


def test_compile_path_keeps_the_template_the_regex_and_the_convertors() -> None:
    """The work is done once: `template` as given, `regex` compiled (a `re.Pattern`) and
    `convertors` naming each parameter in template order."""
    compiled = compile_path("/users/{name}/posts/{post}")
    assert compiled.template == "/users/{name}/posts/{post}"
    assert isinstance(compiled.regex, re.Pattern), f"regex is a {type(compiled.regex).__name__}"
    assert compiled.regex.fullmatch("/users/ada/posts/first") is not None
    assert list(compiled.convertors) == ["name", "post"]


def test_a_parameter_used_twice_is_an_error_at_startup() -> None:
    """Two `{id}` in one template is a mistake: raise ValueError naming every duplicate at once,
    in Starlette's words: `Duplicated param name id at path /a/{id}/b/{id}` (`names id, x` when
    there are several, sorted)."""
    with pytest.raises(ValueError, match=re.escape("Duplicated param name id at path /a/{id}/b/{id}")):
        compile_path("/a/{id}/b/{id}")
    with pytest.raises(
        ValueError, match=re.escape("Duplicated param names id, x at path /{x}/{id}/{x}/{id}")
    ):
        compile_path("/{x}/{id}/{x}/{id}")
