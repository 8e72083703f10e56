#!/bin/bash
# forms.sh - the field forms' workbooks (build/forms/*.xlsx, made from
# forms/src by hazreg-forms) are XLSForms KoBoToolbox and ODK take, and
# what they collect is what hazreg imports:
#  - the workbooks committed under forms/ are those the build makes from
#    forms/src, byte for byte (so a change to a form's source is committed
#    with its workbook);
#  - each has the survey, choices and settings sheets, form_id, version and
#    form_title set, and says the same as its CSV source, cell for cell;
#  - every select_one/select_multiple list is in choices, with choices;
#  - every label, and every hint given, is in English and Ukrainian;
#  - counts are >= 0 and dates not in the future (constraints: . <= today()
#    for a date, . <= now() for a date-time), a hidden
#    calculated `kind`, private fields marked PRIVATE in their hints;
#  - hazreg itself knows every field: a submission that fills in every
#    field of every form, built from the workbooks the way KoBoToolbox
#    exports it, imports (an unknown field name would be refused).
#
# Environment (set by ctest): HAZREG, HR_SRC, HR_TEST_TMP. Needs
# python3-openpyxl.
set -u

hazreg=${HAZREG:?HAZREG must name the hazreg program}
src=${HR_SRC:?HR_SRC must name the source tree}
tmp=${HR_TEST_TMP:?HR_TEST_TMP must name a scratch directory}
forms=$(dirname "$hazreg")/forms
rm -rf "$tmp"
mkdir -p "$tmp" || exit 1
cd "$tmp" || exit 1

py=""
for p in python3 /usr/bin/python3; do
	if "$p" -c 'import openpyxl' 2>/dev/null; then
		py=$p
		break
	fi
done
if [ -z "$py" ]; then
	echo "FAIL: python3 with openpyxl (python3-openpyxl) is needed for this test" >&2
	exit 1
fi

"$py" - "$forms" "$src/forms/src" "$tmp" <<'PYEOF' || exit 1
import csv, json, os, sys
import openpyxl

forms_dir, src_dir, out = sys.argv[1:4]
EN, UK = "English (en)", "Українська (uk)"
FORMS = {"nts": "area", "clearance": "release", "item": "item", "accident": "accident",
         "eore": "eore"}
PRIVATE = {"informant", "finder"}
failures = 0

def fail(form, msg):
    global failures
    failures += 1
    print(f"FAIL: {form}: {msg}", file=sys.stderr)

def rows(ws):
    it = ws.iter_rows(values_only=True)
    head = [h for h in next(it)]
    for r in it:
        yield {h: ("" if v is None else str(v)) for h, v in zip(head, r) if h}

area_id = None
submissions = {}
for form, kind in FORMS.items():
    path = os.path.join(forms_dir, f"hazreg_{form}.xlsx")
    if not os.path.exists(path):
        fail(form, f"{path} was not built")
        continue
    wb = openpyxl.load_workbook(path)
    if wb.sheetnames[:3] != ["survey", "choices", "settings"]:
        fail(form, f"sheets {wb.sheetnames}, expected survey, choices, settings")
        continue
    # the workbook says what its source says
    for sheet in ("survey", "choices", "settings"):
        with open(os.path.join(src_dir, form, sheet + ".csv"), newline="") as f:
            want = [[c for c in r] for r in csv.reader(f)]
        got = [["" if v is None else str(v) for v in r] for r in wb[sheet].iter_rows(values_only=True)]
        got = [r + [""] * (len(want[0]) - len(r)) for r in got]
        if got != want:
            fail(form, f"the {sheet} sheet differs from forms/src/{form}/{sheet}.csv")
    settings = list(rows(wb["settings"]))
    if len(settings) != 1 or not all(settings[0].get(k) for k in ("form_id", "version", "form_title")):
        fail(form, "settings: form_id, version and form_title must be set")
    elif settings[0]["form_id"] != f"hazreg_{form}":
        fail(form, f"form_id {settings[0]['form_id']}, expected hazreg_{form}")
    choices = {}
    for c in rows(wb["choices"]):
        choices.setdefault(c["list_name"], []).append(c["name"])
        for lang in (EN, UK):
            if not c.get(f"label::{lang}", "").strip():
                fail(form, f"choice {c['list_name']}/{c['name']}: no label::{lang}")
    survey = list(rows(wb["survey"]))
    # one submission filling every field, as KoBoToolbox exports it
    sub, stack, repeat = {}, [], None
    uid = f"00000000-0000-4000-8000-{len(submissions) + 1:012d}"
    sub.update({"_id": len(submissions) + 1, "formhub/uuid": "0" * 32, "start": "2025-01-02T09:00:00.000+02:00",
                "end": "2025-01-02T09:10:00.000+02:00", "__version__": settings[0].get("version", ""),
                "meta/instanceID": "uuid:" + uid, "_uuid": uid, "_submission_time": "2025-01-02T07:10:00",
                "_submitted_by": "test", "_attachments": [], "_tags": [], "_notes": []})
    kinds = [r for r in survey if r["name"] == "kind"]
    if len(kinds) != 1 or kinds[0]["type"] != "calculate" or kinds[0]["calculation"] != f"'{kind}'":
        fail(form, f"no hidden calculate kind = '{kind}'")
    for r in survey:
        t, name = r["type"].split(), r["name"]
        if not t:
            continue
        key = "/".join(stack + [name])
        if t[0] in ("begin_group", "begin_repeat", "end_group", "end_repeat"):
            if t[0] == "begin_group":
                stack.append(name)
            elif t[0] == "begin_repeat":
                stack.append(name)
                repeat = {"key": key, "entry": {}}
            elif t[0] == "end_repeat":
                sub[repeat["key"]] = [repeat["entry"]]
                repeat = None
                stack.pop()
            else:
                stack.pop()
            if t[0].startswith("begin"):
                for lang in (EN, UK):
                    if not r.get(f"label::{lang}", "").strip():
                        fail(form, f"{key}: no label::{lang}")
            continue
        if t[0] == "calculate":
            value = r["calculation"].strip("'")
        else:
            for lang in (EN, UK):
                if not r.get(f"label::{lang}", "").strip():
                    fail(form, f"{key}: no label::{lang}")
            hints = [bool(r.get(f"hint::{lang}", "").strip()) for lang in (EN, UK)]
            if hints[0] != hints[1]:
                fail(form, f"{key}: a hint in one language only")
            if t[0] in ("select_one", "select_multiple"):
                if len(t) != 2 or not choices.get(t[1]):
                    fail(form, f"{key}: the list {t[1:]} is not in choices")
                    continue
                value = choices[t[1]][0]
            elif t[0] == "integer":
                if not r.get("constraint", "").startswith(". >="):
                    fail(form, f"{key}: a count needs a constraint . >= 0 (or 1)")
                value = "1"
            elif t[0] in ("date", "datetime"):
                want = ". <= today()" if t[0] == "date" else ". <= now()"
                if want not in r.get("constraint", ""):
                    fail(form, f"{key}: a {t[0]} needs the constraint {want}")
                if name.startswith("emplaced"):
                    value = "2025-01-01"
                else:
                    value = "2025-01-02" if t[0] == "date" else "2025-01-02T10:00:00.000+02:00"
            elif t[0] == "geopoint":
                value = "49.6005 36.2005 150.0 4.0"
            elif t[0] == "geoshape":
                value = "49.6 36.2 0 0;49.6 36.201 0 0;49.601 36.201 0 0;49.601 36.2 0 0;49.6 36.2 0 0"
            elif name == "id":
                continue  # an update of a known area: left empty for a new one
            elif name == "area_id":
                value = area_id or "none"
            else:
                value = "Example text"
            if (name in PRIVATE or (repeat and repeat["key"].endswith("victims"))) and \
                    not r.get(f"hint::{EN}", "").startswith("PRIVATE"):
                fail(form, f"{key}: a private field is marked PRIVATE in its hint")
        if repeat:
            repeat["entry"][key] = value
        else:
            sub[key] = value
    if form == "nts":
        area_id = uid
    submissions[form] = sub

for form, sub in submissions.items():
    with open(os.path.join(out, f"{form}.json"), "w") as f:
        json.dump({"count": 1, "next": None, "previous": None, "results": [sub]}, f,
                  ensure_ascii=False, indent=1)
print(f"ok: {len(submissions)} workbooks checked")
sys.exit(1 if failures else 0)
PYEOF

failures=0
for form in nts clearance item accident eore; do
	if cmp -s "$forms/hazreg_$form.xlsx" "$src/forms/hazreg_$form.xlsx"; then
		echo "ok: forms/hazreg_$form.xlsx is current"
	else
		echo "FAIL: forms/hazreg_$form.xlsx is not what the build makes from forms/src/$form:" \
			"copy build/forms/hazreg_$form.xlsx over it" >&2
		failures=$((failures + 1))
	fi
done
for form in nts clearance item accident eore; do
	if "$hazreg" --db forms.gpkg import "$form.json" >"$form.out" 2>&1; then
		echo "ok: a submission filling every field of $form imports"
	else
		echo "FAIL: a submission filling every field of $form is refused:" >&2
		cat "$form.out" >&2
		failures=$((failures + 1))
	fi
done
exit $((failures > 0))
