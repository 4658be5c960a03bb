"""The Dask recipe (trustlint.app.on_dask) on a LocalCluster with 2 workers gives the findings
`trustlint check` gives on the same files and mbox messages."""
from __future__ import annotations

import json
import mailbox
from email.message import EmailMessage
from pathlib import Path

import pytest

pytest.importorskip("distributed")

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def test_local_cluster_equals_check(tmp_path: Path, cli) -> None:
    import dask.bag as db
    from distributed import Client, LocalCluster

    from trustlint.app.on_dask import lint_location, locations
    from trustlint.reporters.json import file_dict

    box = mailbox.mbox(str(tmp_path / "sent.mbox"))
    for i, (subject, body) in enumerate([("RE: our call", "As we discussed, we are the best. Act now!\n"),
                                         ("Your receipt", "Thanks for your order #1042; it ships Friday.\n")]):
        msg = EmailMessage()
        msg["Subject"], msg["From"] = subject, "ana@example.com"
        msg.set_content(f"Hi Sam,\n\n{body}")
        box.add(msg)
    box.flush()
    box.close()
    inputs = [str(SAMPLES), str(tmp_path / "sent.mbox")]
    check = json.loads(cli(tmp_path, "check", "--format", "json", "--no-cache", "--jobs", "1", *inputs).stdout)

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        assert len(client.scheduler_info()["workers"]) == 2
        found = locations(inputs)
        results = db.from_sequence(found, npartitions=4).map(lint_location).compute()
    assert [r.path for r in results] == [f["path"] for f in check["files"]]
    assert len(results) > 10 and any(r.path.endswith("sent.mbox:#2") for r in results)
    # the same findings, scores and everything else the JSON report shows, file by file
    assert [json.loads(json.dumps(file_dict(r), ensure_ascii=False)) for r in results] == check["files"]
