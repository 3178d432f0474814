"""GPU instance families and types that training node pools may use: plain data, no Pulumi.

Sources: Alibaba Cloud's ECS instance-family tables. A type is a GPU type when its
family (``ecs.gn7e-c16g1.32xlarge`` -> ``gn7e``) is listed in :data:`GPU_FAMILIES`; the sizes in
:data:`GPU_INSTANCE_TYPES` are the ones whose GPU count and memory are confirmed.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class GpuFamily:
    """An ECS GPU instance family."""

    name: str
    gpu_model: str
    gpu_memory_gib: int
    """Memory of one GPU."""


@dataclass(frozen=True)
class GpuInstanceType:
    """One GPU instance type with a confirmed GPU count."""

    name: str
    family: str
    gpus: int
    vcpus: int
    memory_gib: int

    @property
    def gpu_memory_gib(self) -> int:
        return GPU_FAMILIES[self.family].gpu_memory_gib


GPU_FAMILIES: dict[str, GpuFamily] = {
    family.name: family
    for family in (
        GpuFamily("gn7e", "A100", 80),
        GpuFamily("ebmgn7e", "A100", 80),
        GpuFamily("ebmgn7ex", "A100", 80),
        GpuFamily("sccgn7ex", "A100", 80),
        GpuFamily("gn8v", "H20", 96),
        GpuFamily("ebmgn8v", "H20", 96),
        GpuFamily("gn7", "A100", 40),
        GpuFamily("gn7i", "A10", 24),
        GpuFamily("gn8is", "L20", 48),
        GpuFamily("ebmgn8is", "L20", 48),
    )
}

GPU_INSTANCE_TYPES: dict[str, GpuInstanceType] = {
    t.name: t
    for t in (
        GpuInstanceType("ecs.gn7e-c16g1.4xlarge", "gn7e", 1, 16, 125),
        GpuInstanceType("ecs.gn7e-c16g1.8xlarge", "gn7e", 2, 32, 250),
        GpuInstanceType("ecs.gn7e-c16g1.16xlarge", "gn7e", 4, 64, 500),
        GpuInstanceType("ecs.gn7e-c16g1.32xlarge", "gn7e", 8, 128, 1000),
        GpuInstanceType("ecs.ebmgn7e.32xlarge", "ebmgn7e", 8, 128, 1024),
        GpuInstanceType("ecs.ebmgn7ex.32xlarge", "ebmgn7ex", 8, 128, 1024),
        GpuInstanceType("ecs.sccgn7ex.32xlarge", "sccgn7ex", 8, 128, 1024),
        GpuInstanceType("ecs.gn8v-8x.48xlarge", "gn8v", 8, 192, 1024),
        GpuInstanceType("ecs.ebmgn8v.48xlarge", "ebmgn8v", 8, 192, 1024),
        GpuInstanceType("ecs.gn7-c13g1.26xlarge", "gn7", 8, 104, 756),
    )
}

DEFAULT_TRAINING_INSTANCE_TYPES: list[str] = [
    "ecs.gn7e-c16g1.32xlarge",
    "ecs.ebmgn7e.32xlarge",
    "ecs.ebmgn7ex.32xlarge",
]
"""Eight 80 GB GPUs each, in order of preference; gn7e and ebmgn7ex share one GPU-card quota."""


def instance_family(instance_type: str) -> str:
    """``ecs.gn7e-c16g1.32xlarge`` -> ``gn7e``; ``ecs.ebmgn7e.32xlarge`` -> ``ebmgn7e``."""
    name = instance_type.removeprefix("ecs.")
    return name.split(".", 1)[0].split("-", 1)[0]


def is_gpu_instance_type(instance_type: str) -> bool:
    """Whether the type belongs to one of the known GPU families."""
    return instance_type.startswith("ecs.") and instance_family(instance_type) in GPU_FAMILIES


def gpu_shape(instance_type: str) -> tuple[int, int] | None:
    """(GPUs, GiB per GPU) for a type with a confirmed GPU count, else None."""
    known = GPU_INSTANCE_TYPES.get(instance_type)
    return (known.gpus, known.gpu_memory_gib) if known else None
