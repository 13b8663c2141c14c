"""Per-forum data version: cache what many people read and few change, never stale.

Every read that many people share (dashboard panels, the obligations matrix, the competency
heatmap) is cached under a key that holds the forum's *data version*. Any change to the forum's
data bumps the version, so the next request computes afresh; old entries are never read again and
simply age out. There is no time-based guessing: the timeout only reclaims memory.

The version lives in the default cache (Redis when REDIS_URL is set, shared by every web process and
worker on every host; never process memory then). Its first value is the current time in
microseconds, so a version key that was evicted or lost never comes back at a value an old entry was
stored under.

Who bumps: model signals. Each domain app calls :func:`watch_models` in its ``AppConfig.ready`` for
its models that carry a ``forum_id``; post_save / post_delete / m2m_changed then bump that forum.
Signals were chosen over a call in every write service because they also catch the Django admin,
fixtures and any service written later; the write paths that skip signals (``bulk_create``,
``QuerySet.update``) call :func:`forum_version_bump` themselves, one line each.

When: twice. Once at once (so the writing request, and a test running inside one transaction, sees
its own change on its next read), and once more on commit (``transaction.on_commit``): a request
that read the old rows between the first bump and the commit may have cached them under the new
version; the bump on commit moves past that entry. The on-commit bump is registered once per forum
and transaction.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import time
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.core.cache import cache
from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import translation

log = logging.getLogger(__name__)
T = TypeVar("T")

# Entries are never read once the version moved on; this only bounds how long they occupy memory.
ENTRY_TIMEOUT = 24 * 60 * 60


# The version of data shared by every forum (the standard competency framework, a restored backup,
# the demo seed): part of every key, so bumping it (``forum_version_bump(None)``) empties them all.
ALL = "all"

# The version of who holds which post (and of the forums and regions those posts point to, and of
# the second factors): the key of each user's actor and current forum, read on every request
# (members.selectors.actor_and_forum_cached). Bumped by members/signals.py on every change to those rows.
PEOPLE = "people"


def _version_key(forum_id: int | str) -> str:
    return f"forum-version:{forum_id}"


def _user_target(user_id: int) -> str:
    """The version of what one person sees that belongs to no forum's rows: their bell (in-app
    notifications) and the PDFs made for them (reports.ReportFile)."""
    return f"user-{user_id}"


def _fresh_version() -> int:
    return time.time_ns() // 1000


def forum_version(forum_id: int | str) -> int:
    """The forum's current data version (one cache read; one more the first time)."""
    key = _version_key(forum_id)
    version = cache.get(key)
    if version is None:
        cache.add(key, _fresh_version(), timeout=None)
        version = cache.get(key)
    return int(version) if version is not None else _fresh_version()


def _versions(forum_id: int | str) -> str:
    """"<shared version>.<forum version>" in one cache read (two more the first time)."""
    keys = [_version_key(ALL), _version_key(forum_id)]
    found = cache.get_many(keys)
    if len(found) < 2:
        return f"{forum_version(ALL)}.{forum_version(forum_id)}"
    return f"{found[keys[0]]}.{found[keys[1]]}"


def _bump_now(forum_id: int | str) -> None:
    key = _version_key(forum_id)
    try:
        cache.incr(key)
    except ValueError:  # not set (never read, evicted): any fresh value differs from old entries'
        cache.set(key, _fresh_version(), timeout=None)
    except Exception:  # a cache that is down caches nothing either; the write itself must not fail
        log.warning("could not bump the data version of forum %s", forum_id, exc_info=True)


def forum_version_bump(forum_id: int | None) -> None:
    """The forum's data changed: bump its version now and again when the transaction commits.
    ``None`` (data no single forum owns, e.g. the shared framework) bumps the shared version."""
    _bump(ALL if forum_id is None else forum_id)


def people_version_bump() -> None:
    """Posts, forums, regions, accounts or second factors changed: every cached actor is stale."""
    _bump(PEOPLE)


def user_version_bump(user_id: int | None) -> None:
    """Something only this person sees changed (a notification, their PDF): their cached pages are stale."""
    if user_id is not None:
        _bump(_user_target(user_id))


def _bump(target: int | str) -> None:
    """Now, and again when the transaction commits (see the module docstring)."""
    _bump_now(target)
    if transaction.get_connection().in_atomic_block:
        _register_on_commit(target)


def page_versions(forum_ids: Iterable[int], user_id: int) -> str:
    """Every version a whole cached page depends on (shared, its forums', people, the user's own),
    in one cache read (a few more the first time one is missing)."""
    return _versions_of([ALL, *sorted(forum_ids), PEOPLE, _user_target(user_id)])


def _versions_of(targets: list[int | str]) -> str:
    keys = [_version_key(t) for t in targets]
    found = cache.get_many(keys)
    if len(found) < len(keys):
        return ".".join(str(forum_version(t)) for t in targets)
    return ".".join(str(found[k]) for k in keys)


def _register_on_commit(target: int | str) -> None:
    connection = transaction.get_connection()
    for _sids, func, _robust in connection.run_on_commit:
        if getattr(func, "forum_version_of", None) == target:
            return
    callback = functools.partial(_bump_now, target)
    callback.forum_version_of = target  # type: ignore[attr-defined]
    transaction.on_commit(callback)


def forum_versions_bump(forum_ids: Iterable[int | None]) -> None:
    for forum_id in set(forum_ids):
        forum_version_bump(forum_id)


def forum_cached(forum_id: int | str, name: str, parts: Iterable[Any], compute: Callable[[], T]) -> T:
    """``compute()`` cached under the forum's data version, ``name`` and ``parts`` (everything else
    the result depends on: the day, the user or role, the query string, the language ...)."""
    # The parts may come from a query string: hashed, so a key never holds spaces or control characters.
    detail = hashlib.sha256(repr([translation.get_language(), *parts]).encode()).hexdigest()[:32]
    key = f"forum:{forum_id}:{_versions(forum_id)}:{name}:{detail}"
    value = cache.get(key)
    if value is None:
        value = compute_once(key, compute)
    return value


def forums_cached(forum_ids: Iterable[int], name: str, parts: Iterable[Any], compute: Callable[[], T]) -> T:
    """:func:`forum_cached` for a result read from several forums (a kabupaten's): kept until any of
    them (or the shared data, or who holds which post) changes."""
    versions = _versions_of([ALL, *sorted(set(forum_ids)), PEOPLE])
    detail = hashlib.sha256(repr([versions, translation.get_language(), *parts]).encode()).hexdigest()
    key = f"forums:{name}:{detail}"
    value = cache.get(key)
    if value is None:
        value = compute_once(key, compute)
    return value


# After a write, everyone who opens the page at that moment misses the same entry at once. One of
# them computes it; the others wait for it a little (no CPU spent) instead of all computing it.
COMPUTE_LOCK_SECONDS = 10  # a computer that died frees the entry after this
COMPUTE_WAIT_SECONDS = 2.0  # a waiter computes it itself after this
_POLL_SECONDS = 0.01


def compute_once(key: str, compute: Callable[[], T]) -> T:
    """``compute()`` stored under ``key``, computed by one request at a time across every process."""
    lock = f"{key}:computing"
    if cache.add(lock, 1, timeout=COMPUTE_LOCK_SECONDS):
        try:
            value = compute()
            cache.set(key, value, timeout=ENTRY_TIMEOUT)
            return value
        finally:
            cache.delete(lock)
    deadline = time.monotonic() + COMPUTE_WAIT_SECONDS
    while time.monotonic() < deadline:
        time.sleep(_POLL_SECONDS)
        found = cache.get(key)
        if found is not None:
            return found
        if cache.get(lock) is None:  # the computer failed or its entry was evicted: compute here
            break
    value = compute()
    cache.set(key, value, timeout=ENTRY_TIMEOUT)
    return value


# Signals ------------------------------------------------------------------------------------------

def _bump_forum_of(instance) -> None:
    try:
        forum_id = instance.forum_id
    except ObjectDoesNotExist:  # a child deleted with its parent: the parent's delete bumps the forum
        return
    forum_version_bump(forum_id)  # None: a row no forum owns (the standard framework): all forums


def _on_save(sender, instance, **kwargs) -> None:
    _bump_forum_of(instance)


def _on_delete(sender, instance, **kwargs) -> None:
    _bump_forum_of(instance)


def _on_m2m(sender, instance, action, **kwargs) -> None:
    if action in ("post_add", "post_remove", "post_clear") and hasattr(instance, "forum_id"):
        _bump_forum_of(instance)


def watch_models(models: Iterable[type]) -> None:
    """Bump the forum of every saved / deleted row of ``models`` (and of their many-to-many links)."""
    for model in models:
        label = model._meta.label
        post_save.connect(_on_save, sender=model, dispatch_uid=f"forum-version-save-{label}")
        post_delete.connect(_on_delete, sender=model, dispatch_uid=f"forum-version-delete-{label}")
        for field in model._meta.many_to_many:
            m2m_changed.connect(_on_m2m, sender=field.remote_field.through,
                                dispatch_uid=f"forum-version-m2m-{label}-{field.name}")


def watch_app(app_config, *, skip: Iterable[str] = ()) -> None:
    """:func:`watch_models` for every model of the app that has a ``forum_id`` (its history tables
    and the models named in ``skip`` left out)."""
    skipped = set(skip)
    watch_models(m for m in app_config.get_models()
                 if hasattr(m, "forum_id") and m.__name__ not in skipped and not m.__name__.startswith("Historical"))


def watch_owned(model: type, *, owner: str) -> None:
    """Bump the person's own version (``owner``: the field holding their user id, e.g.
    ``recipient_id``) on every saved / deleted row of ``model``: rows only that person sees."""
    def _changed(sender, instance, **kwargs) -> None:
        user_version_bump(getattr(instance, owner, None))

    label = model._meta.label
    post_save.connect(_changed, sender=model, weak=False, dispatch_uid=f"user-version-save-{label}")
    post_delete.connect(_changed, sender=model, weak=False, dispatch_uid=f"user-version-delete-{label}")
