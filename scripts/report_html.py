#!/usr/bin/env python3
"""The progress report of a period as one HTML page, for a browser to print to PDF
(scripts/bench-report.sh): what tools that lay reports out in HTML do.

    report_html.py LIVINGLAB WORKSPACE YEAR TODAY OUT.html

It holds what `livinglab report --preview` prints, read through the CLI's JSON: the kop with the
emblem, the cover, the summary table, the charts (the same SVG the dashboard draws), the values
per group, the 47 indicators, the actions, the evidence with hashes, the approval page with the
two signature blocks, and the annex with every indicator's Fakta and Analisis. The fonts are
the same files, loaded as web fonts; the page is A4 with the report's margins.
"""

import base64
import html
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def cli(bin_, ws, *args):
    out = subprocess.run([bin_, "--workspace", ws, *args], check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def main():
    bin_, ws, year, today, out = sys.argv[1:6]
    t = json.load(open(os.path.join(ROOT, "assets/i18n/id.json"), encoding="utf-8"))
    tx = lambda k, **p: fill(t.get(k, k), p)
    info = cli(bin_, ws, "workspace", "show", "--json")
    dash = cli(bin_, ws, "--today", today, "dashboard", "--period", year, "--json")
    answers = {a["indicator"]: a for a in cli(bin_, ws, "assess", "list", "--period", year, "--json")}
    actions = cli(bin_, ws, "--today", today, "action", "list", "--period", year, "--json")
    evidence = cli(bin_, ws, "evidence", "list", "--json")
    fw = json.load(open(os.path.join(ROOT, f"assets/frameworks/{dash['framework_id']}.json"), encoding="utf-8"))
    emblem = base64.b64encode(open(os.path.join(ROOT, "assets/sample/emblem-contoh.png"), "rb").read()).decode()
    p = info["profile"]
    region = info.get("region", {}).get("name", "Kabupaten Contoh")
    e = html.escape

    def table(heads, rows, cls=""):
        return (f"<table class='{cls}'><thead><tr>" + "".join(f"<th>{e(h)}</th>" for h in heads) + "</tr></thead><tbody>"
                + "".join("<tr>" + "".join(f"<td>{e(str(c))}</td>" for c in r) + "</tr>" for r in rows) + "</tbody></table>")

    kop = (f"<header class='kop'><img src='data:image/png;base64,{emblem}' alt=''><div>"
           f"<div class='gov'>PEMERINTAH {e(region.upper())}</div><div class='office'>{e(p.get('office_name', '').upper())}</div>"
           f"<div class='addr'>{e(p.get('address', ''))} · {e(p.get('phone', ''))} · {e(p.get('email', ''))} · {e(p.get('website', ''))}</div>"
           "</div></header>")
    parts = [kop,
             f"<section class='cover'><h1>{e(tx('doc.report.title').upper())}</h1>"
             f"<p class='sub'>{e(tx('doc.report.subtitle', framework=fw['name']['id']))}</p>"
             f"<p class='sub b'>{e(tx('doc.report.period', year=year))}</p>"
             f"<img class='emblem' src='data:image/png;base64,{emblem}' alt=''>"
             f"<p class='b big'>{e(tx('doc.report.government').upper())}</p><p class='b bigger'>{e(region.upper())}</p>"
             f"<p class='muted'>{e(today)}</p></section>"]
    st = dash["status"]
    parts.append(f"<h2>{e(tx('doc.report.h_summary'))}</h2>" + table(
        [tx("doc.report.col_item"), tx("doc.report.col_value")],
        [[dash["index_name"], f"{dash['index_display']} ({dash['predicate']})"],
         [tx("doc.report.row_change"), ", ".join(f"{x['year']}: {x.get('index_display', x.get('index'))}" for x in dash.get("trend") or [])],
         [tx("doc.report.row_target"), dash.get("target_index_display") or dash.get("targets_index_display")],
         [tx("doc.report.row_completeness"), f"{dash['assessed']} / {dash['total']}"],
         [tx("doc.report.row_status"), f"{st['terverifikasi']} terverifikasi, {st['diajukan']} diajukan, {st['draft']} draft, {st['unassessed']} belum"],
         [tx("doc.report.row_evidence"), str(len(evidence))],
         [tx("doc.report.row_followup"), json.dumps(dash.get("follow_up"), ensure_ascii=False)[:200]],
         [tx("doc.report.row_framework"), f"{fw['name']['id']} ({fw['legal_basis']}), versi {fw['version']}"]]))
    c = dash["charts"]
    parts.append(f"<h2>{e(tx('doc.report.h_charts'))}</h2><div class='chart'>{c['groups_svg']}</div>"
                 f"<div class='chart half'>{c.get('trend_svg') or ''}</div><div class='chart half'>{c['radar_svg']}</div>")
    parts.append(f"<h2>{e(tx('doc.report.h_groups'))}</h2>" + table(
        [tx("doc.report.col_group"), tx("doc.report.col_name"), tx("doc.report.col_index"), tx("doc.report.col_predicate"), tx("doc.report.col_target")],
        [[f"{g['kind_name']} {g['number']}", g["name"], g["index_display"], g["predicate"], g["target_display"]]
         for g in dash["top_groups"] + dash["groups"]]))
    rows = []
    for i in fw["indicators"]:
        a = answers.get(i["id"], {})
        lv, tg = a.get("level"), a.get("target")
        rows.append([i["number"], i["name"]["id"], lv or "–", tg or "–", max(0, (tg or 0) - (lv or 0)) if tg else "–",
                     a.get("status", "belum")])
    parts.append(f"<h2>{e(tx('doc.report.h_indicators'))}</h2>" + table(
        ["No", tx("doc.report.col_indicator"), tx("doc.report.col_level"), tx("doc.report.col_target"), tx("doc.report.col_gap"), tx("doc.report.col_status")], rows, "small"))
    parts.append(f"<h2>{e(tx('doc.report.h_actions'))}</h2>" + table(
        [tx("doc.report.col_action"), tx("doc.report.col_indicators"), tx("doc.report.col_owner"), tx("doc.report.col_due"), tx("doc.report.col_status"), "%"],
        [[x["title"], ", ".join(map(str, x.get("indicators") or [])), x.get("owner", ""), x["due"], x["status"], x["progress"]] for x in actions], "small"))
    parts.append(f"<h2>{e(tx('doc.report.h_evidence'))}</h2>" + table(
        [tx("doc.report.col_file"), "SHA-256 / URL"], [[x["name"], x.get("sha256") or x.get("url") or ""] for x in evidence], "small mono"))
    oh, sk = p.get("office_head", {}), p.get("sekda", {})
    parts.append(f"<section class='page'><h2>{e(tx('doc.report.h_approval'))}</h2><p class='just'>"
                 + e(tx("doc.report.approval_text", region=region, year=year, index_name=dash["index_name"], index=dash["index_display"], predicate=dash["predicate"]))
                 + "</p><div class='sign'>"
                 f"<div><p>{e(tx('doc.report.prepared_by'))}</p><p>{e(oh.get('title', ''))}</p><p class='gap'></p><p class='b u'>{e(oh.get('name', ''))}</p><p>NIP {e(oh.get('nip', ''))}</p></div>"
                 f"<div><p>{e(p.get('place', ''))}, {e(today)}</p><p>{e(tx('doc.report.approved_by'))}</p><p class='gap'></p><p class='b u'>{e(sk.get('name', ''))}</p><p>NIP {e(sk.get('nip', ''))}</p></div>"
                 "</div></section>")
    annex = [f"<section class='page'><h2>{e(tx('doc.report.h_annex'))}</h2><p class='muted'>{e(tx('doc.report.annex_lead'))}</p>"]
    by_ind = {}
    for x in evidence:
        for i in x.get("indicators") or []:
            by_ind.setdefault(i, []).append(x["name"])
    none = tx("doc.report.annex_none")
    for i in fw["indicators"]:
        a = answers.get(i["id"], {})
        annex.append(f"<div class='annex'><h3>{e(tx('doc.report.annex_indicator', n=i['number']))} {e(i['name']['id'])}</h3><dl>"
                     f"<dt>{e(tx('doc.report.col_level'))}</dt><dd>{a.get('level', '–')} (target {a.get('target', '–')})</dd>"
                     f"<dt>{e(tx('doc.report.annex_fakta'))}</dt><dd>{e(a.get('fakta') or none)}</dd>"
                     f"<dt>{e(tx('doc.report.annex_analisis'))}</dt><dd>{e(a.get('analisis') or none)}</dd>"
                     f"<dt>{e(tx('doc.report.col_owner'))}</dt><dd>{e(a.get('owner_office') or none)}</dd>"
                     f"<dt>{e(tx('doc.report.h_evidence_short'))}</dt><dd>{e('; '.join(by_ind.get(i['id'], [])) or tx('doc.report.annex_no_evidence'))}</dd>"
                     "</dl></div>")
    annex.append("</section>")
    parts.extend(annex)
    fonts = os.path.join(ROOT, "assets/fonts")
    css = f"""
@font-face {{ font-family: 'LL Sans'; src: url('file://{fonts}/LiberationSans-Regular.ttf'); }}
@font-face {{ font-family: 'LL Sans'; font-weight: bold; src: url('file://{fonts}/LiberationSans-Bold.ttf'); }}
@font-face {{ font-family: 'LL Sans'; font-style: italic; src: url('file://{fonts}/LiberationSans-Italic.ttf'); }}
@page {{ size: A4; margin: 20mm 22mm 25mm 25mm; @bottom-right {{ content: 'Halaman ' counter(page); }} }}
body {{ font-family: 'LL Sans'; font-size: 10pt; color: #222; }}
.kop {{ display: flex; gap: 4mm; border-bottom: 2px solid #000; padding-bottom: 2mm; align-items: center; }}
.kop img {{ width: 18mm; }} .gov {{ font-size: 13pt; font-weight: bold; }} .office {{ font-size: 15pt; font-weight: bold; }} .addr {{ font-size: 8pt; }}
.cover {{ text-align: center; page-break-after: always; margin-top: 22mm; }} .cover h1 {{ color: #1b6b3a; font-size: 22pt; }}
.emblem {{ width: 44mm; margin: 8mm auto; display: block; }} .b {{ font-weight: bold; }} .big {{ font-size: 14pt; }} .bigger {{ font-size: 16pt; }}
.muted {{ color: #666; }} .sub {{ font-size: 13pt; }} h2 {{ font-size: 14pt; color: #1b6b3a; }} h3 {{ font-size: 10pt; }}
table {{ border-collapse: collapse; width: 100%; margin-bottom: 4mm; }} th, td {{ border: 0.5pt solid #999; padding: 1mm 1.5mm; text-align: left; vertical-align: top; }}
thead {{ display: table-header-group; }} th {{ background: #e8f0ea; }} tr {{ page-break-inside: avoid; }}
.small {{ font-size: 8.5pt; }} .mono td:last-child {{ font-size: 7pt; word-break: break-all; }}
.chart svg {{ width: 100%; height: auto; }} .half {{ width: 85%; }}
.page {{ page-break-before: always; }} .just {{ text-align: justify; line-height: 1.45; font-size: 11pt; }}
.sign {{ display: flex; justify-content: space-between; }} .sign div {{ width: 45%; }} .gap {{ height: 20mm; }} .u {{ text-decoration: underline; }}
.annex {{ page-break-inside: avoid; }} dl {{ display: grid; grid-template-columns: 32mm 1fr; margin: 0 0 3mm; font-size: 9.5pt; }} dd {{ margin: 0; text-align: justify; }}
"""
    doc = (f"<!doctype html><html lang='id'><head><meta charset='utf-8'><title>{e(tx('doc.report.title'))} {e(region)} {year}</title>"
           f"<style>{css}</style></head><body>{''.join(parts)}</body></html>")
    open(out, "w", encoding="utf-8").write(doc)


def fill(s, params):
    for k, v in params.items():
        s = s.replace("{" + k + "}", str(v))
    return s


if __name__ == "__main__":
    main()
