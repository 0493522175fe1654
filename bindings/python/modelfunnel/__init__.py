"""modelfunnel: measure, diagnose and plan a The Model sales funnel.

>>> import modelfunnel as mf
>>> data = mf.generate(leads=1000, seed=7)
>>> mf.summarize(data).stages[["stage", "reached", "current"]]  # doctest: +SKIP
>>> mf.funnel_report(data, by="channel").funnel()  # doctest: +SKIP
"""

from ._core import __version__
from ._dashboard import Dashboard, dashboard
from ._dataset import AttributeType, DataSet, DataSetBuilder
from ._errors import AlreadyExistsError, DataError, Error, NotFoundError, OutOfRangeError
from ._generate import generate, generate_csv
from ._graph import ForecastCategory, Stage, StageGraph, StageKind, Transition, TransitionKind
from ._load import LoadReport, LoadResult, Mapping, load, load_csv
from ._mapping_draft import MappingDraft, draft_mapping, draft_mapping_guesses
from ._funnel import FunnelReport, funnel_report
from ._qualify import Qualification, QualifyRules, qualify
from ._revenue import (PipelineMovement, RevenueBacktest, RevenueForecast, RevenuePlan, SegmentedRevenuePlan,
                       revenue_backtest, revenue_forecast, revenue_movement, revenue_plan)
from ._score import (LeadScoreModel, ScoreReport, score_apply, score_cross_validate, score_fit,
                     score_probabilities, score_report)
from ._summary import Summary, summarize
from ._tiering import LearnedWeights, Tiering, TieringColumns, learn_weights, tier, tier_columns
from ._reengage import Reengagement, reengagement_queue
from ._attribution import ATTRIBUTION_MODELS, Attribution, attribute, attribute_paths

__all__ = [
    "__version__",
    "ATTRIBUTION_MODELS",
    "AlreadyExistsError",
    "AttributeType",
    "Dashboard",
    "Attribution",
    "DataError",
    "DataSet",
    "DataSetBuilder",
    "Error",
    "ForecastCategory",
    "FunnelReport",
    "LeadScoreModel",
    "LearnedWeights",
    "LoadReport",
    "LoadResult",
    "Mapping",
    "MappingDraft",
    "NotFoundError",
    "OutOfRangeError",
    "PipelineMovement",
    "Qualification",
    "QualifyRules",
    "Reengagement",
    "RevenueBacktest",
    "RevenueForecast",
    "RevenuePlan",
    "ScoreReport",
    "SegmentedRevenuePlan",
    "Stage",
    "StageGraph",
    "StageKind",
    "Summary",
    "Tiering",
    "TieringColumns",
    "Transition",
    "TransitionKind",
    "dashboard",
    "attribute",
    "attribute_paths",
    "draft_mapping",
    "draft_mapping_guesses",
    "funnel_report",
    "generate",
    "generate_csv",
    "learn_weights",
    "load",
    "load_csv",
    "qualify",
    "reengagement_queue",
    "revenue_backtest",
    "revenue_forecast",
    "revenue_movement",
    "revenue_plan",
    "score_apply",
    "score_cross_validate",
    "score_fit",
    "score_probabilities",
    "score_report",
    "summarize",
    "tier",
    "tier_columns",
]
