"""Run DataHub's own business-glossary source over a file, offline; print what it emitted as JSON.

Runs inside a separate virtual environment that has acryl-datahub[datahub-business-glossary]
(see tests/test_datahub.py); it never talks to a DataHub server.

    python datahub_read.py business_glossary.yml
"""

import json
import sys

from datahub.ingestion.api.common import PipelineContext
from datahub.ingestion.source.metadata.business_glossary import BusinessGlossaryFileSource

source = BusinessGlossaryFileSource.create(
    {"file": sys.argv[1], "enable_auto_id": False}, PipelineContext(run_id="test")
)
terms, nodes, relations = {}, {}, []
for unit in source.get_workunits():
    metadata = unit.metadata
    snapshot = getattr(metadata, "proposedSnapshot", None)
    if snapshot is None:
        continue
    for aspect in snapshot.aspects:
        kind = type(aspect).__name__
        if kind == "GlossaryTermInfoClass":
            terms[snapshot.urn] = {
                "name": aspect.name,
                "parent": aspect.parentNode,
                "properties": aspect.customProperties,
            }
        elif kind == "GlossaryNodeInfoClass":
            nodes[snapshot.urn] = aspect.name
        elif kind == "GlossaryRelatedTermsClass":
            for field in ("isRelatedTerms", "hasRelatedTerms", "values", "relatedTerms"):
                for target in getattr(aspect, field) or []:
                    relations.append([snapshot.urn, field, target])
report = source.get_report()
print(
    json.dumps(
        {
            "terms": terms,
            "nodes": nodes,
            "relations": relations,
            "failures": [str(f) for f in getattr(report, "failures", [])],
            "warnings": [str(w) for w in getattr(report, "warnings", [])],
        }
    )
)
