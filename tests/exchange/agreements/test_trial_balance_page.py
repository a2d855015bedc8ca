"""The trial balance page speaks to staff, not developers (issue 15, H)."""
from __future__ import annotations

import re


def test_the_account_column_names_the_account_and_who_holds_it(client_for, active_agreement):
    client = client_for("union_staff")
    client.post(f"/agreements/{active_agreement.id}/receipts/new", data={
        "key": "tb-1", "amount": "100", "on": "2026-11-20", "reference": "回单"})
    page = client.get("/ledger/").text
    assert "`" not in page and "flask ledger" not in page  # no developer's sentence
    assert "借方合计与贷方合计相等" in page
    totals = page[page.index('id="trial-totals"'):page.index('id="trial-balance"')]
    assert "<th class=\"text-end\">账户数</th>" in totals  # the count says it is a count
    accounts = page[page.index('id="trial-balance"'):]
    header = re.search(r"<thead>(.*?)</thead>", accounts, re.S).group(1)
    assert re.findall(r"<th[^>]*>([^<]*)</th>", header)[0] == "账户"
    code = active_agreement.code
    # Each account cell: the account's name and, under it, the person or agreement.
    cells = re.findall(r"<tr><td>(.*?)</td>", accounts, re.S)
    payable = next(c for c in cells if "Liabilities:Payable:" in c)
    assert f"成员甲 · {code}" in payable or "工作室基金" in payable
    revenue = next(c for c in cells if f"Income:Agreement:{code}" in c)
    assert code in revenue.split("</code>")[1]
    client.get("/language/en")
    english = client.get("/ledger/").text
    assert "Number of accounts" in english and "`" not in english
