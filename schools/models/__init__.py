"""The schools app's models, split by concept."""

from .benchmarks import AreaLevel, Benchmark, BenchmarkMeasure, BenchmarkSource
from .imports import ImportRun
from .inspections import Inspection, InspectionAreaGrade
from .leaders import SystemLeader
from .needs import NeedsFlag, TriggerKind, TriggerSetting
from .networks import Network, NetworkMembership
from .performance import KeyStage2Result, KeyStage4Result
from .register import School, SchoolGroupObjectPermission, SchoolUserObjectPermission

__all__ = [
    "AreaLevel",
    "Benchmark",
    "BenchmarkMeasure",
    "BenchmarkSource",
    "ImportRun",
    "Inspection",
    "InspectionAreaGrade",
    "KeyStage2Result",
    "KeyStage4Result",
    "NeedsFlag",
    "Network",
    "NetworkMembership",
    "School",
    "SchoolGroupObjectPermission",
    "SchoolUserObjectPermission",
    "SystemLeader",
    "TriggerKind",
    "TriggerSetting",
]
