"""Resource options for a component's children."""

from __future__ import annotations

from typing import Any

import pulumi


def child_options(parent: pulumi.Resource, **options: Any) -> pulumi.ResourceOptions:
    """Options for a child: parented to the component, so it inherits the caller's provider,
    ``protect`` and aliases, with any child-specific options on top.
    """
    return pulumi.ResourceOptions(parent=parent, **options)


def stateful_child_options(parent: pulumi.Resource, protect: bool, **options: Any) -> pulumi.ResourceOptions:
    """Options for a child that holds data (bucket, key, key-value store, cluster).

    ``protect`` (the component's argument) defaults to True in every component: deleting such a child loses
    data, so the engine must refuse it until someone turns protection off on purpose. The component's own
    ``protect`` option (``opts.protect``, or its parent's) wins when set, as it does for every child of any
    Pulumi component: ``ResourceOptions(protect=False)`` leaves no child protected, ``protect=True`` all.
    """
    return pulumi.ResourceOptions(parent=parent, protect=protected(parent, protect), **options)


def protected(parent: pulumi.Resource, protect: bool) -> bool:
    """Whether a stateful child of ``parent`` is protected: the component's own ``protect`` option when set,
    else its ``protect`` argument (see :func:`stateful_child_options`)."""
    return parent._protect if parent._protect is not None else protect


ROTATE_OLDEST_VERSION = "DeleteOldestNonDefaultVersionWhenLimitExceeded"
"""``ram.Policy.rotate_strategy`` for every policy a component writes: RAM keeps at most five versions of a
policy, so without it the sixth update of the document fails."""
