#!/usr/bin/env python3
"""Counts where a lib (or the server's pages/API) reaches another context's tables (in SQL text) or entity classes.
Usage: python3 scripts/cross-context.py [-v]. Prints one line per reach with -v, and the totals."""
import os, re, sys
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LIBS = ['identity', 'courses', 'cohorts', 'assessments', 'certificates', 'audit', 'evaluation', 'assistance', 'cooperation', 'privacy']
tables, entities = {}, {}
for lib in LIBS:
    for dirpath, _, files in os.walk(os.path.join(ROOT, 'libs', lib, 'src')):
        for f in files:
            if not f.endswith('.ts'): continue
            text = open(os.path.join(dirpath, f)).read()
            for m in re.finditer(r"@Entity\('([a-z_]+)'\)\s*(?:@[^\n]*\n\s*)*export class (\w+)", text):
                tables[m.group(1)] = lib; entities[m.group(2)] = lib
# Report views (ADR 0010): each is published by one context in a migration, its owner named at the start of its
# comment (`COMMENT ON VIEW "report_people" IS 'identity: ...'`). Only the evaluation's reports repository reads them.
views = {}
MIGRATIONS = os.path.join(ROOT, 'libs', 'database', 'src', 'migrations')
for f in sorted(os.listdir(MIGRATIONS)):
    if f.endswith('.ts'):
        for m in re.finditer(r"COMMENT ON VIEW \"?(report_[a-z_]+)\"? IS '([a-z]+):", open(os.path.join(MIGRATIONS, f)).read()):
            views[m.group(1)] = m.group(2)
REPORTS_READER = os.path.join('libs', 'evaluation', 'src', 'repositories', 'reports.repository.ts')
# ADR 0014's documented exception: a person's export reads their rows of every context's tables, read-only, by table
# name from one plan, in one repository of the privacy context (the top floor). Nobody else may. Erasure is its twin:
# one plan of what is deleted or emptied in each context's tables, run by one repository, inside one transaction.
EXPORT_READERS = {
    os.path.join('libs', 'privacy', 'src', 'export-plan.ts'),
    os.path.join('libs', 'privacy', 'src', 'repositories', 'export.repository.ts'),
    os.path.join('libs', 'privacy', 'src', 'erasure-plan.ts'),
    os.path.join('libs', 'privacy', 'src', 'repositories', 'erasure.repository.ts'),
}
verbose = '-v' in sys.argv
reaches = 0
kinds = {'users table (ADR 0005 display joins)': 0, 'other tables': 0, 'entity classes': 0}
def scan(owner, path):
    global reaches
    text = open(path).read()
    if os.path.relpath(path, ROOT) in EXPORT_READERS: return
    for m in re.finditer(r"(?:FROM|JOIN|INTO|UPDATE|DELETE FROM)\s+\"?([a-z_]+)\"?", text):
        t = m.group(1)
        if t in views or (t.startswith('report_') and t not in tables):
            # A report view is read by the reports repository, or by its owner; by nobody else.
            if os.path.relpath(path, ROOT) != REPORTS_READER and views.get(t) != owner:
                reaches += 1
                kinds['other tables'] += 1
                if verbose: print(f"{os.path.relpath(path, ROOT)}: view {t} ({views.get(t, 'no owner')})")
            continue
        if t in tables and tables[t] != owner:
            reaches += 1
            # ADR 0005's one exception: a repository may join `users` to show names (never to decide or write).
            kinds['users table (ADR 0005 display joins)' if t == 'users' and '/repositories/' in path else 'other tables'] += 1
            if verbose: print(f"{os.path.relpath(path, ROOT)}: table {t} ({tables[t]})")
    for m in re.finditer(r"import\s+(type\s+)?\{([^}]*)\}\s+from\s+'@probity/(\w+)'", text):
        # A type is the shape of what the owner's service answers; only the class reaches the table.
        if m.group(3) == owner or m.group(1): continue
        for name in re.findall(r"\b(\w+)\b", m.group(2)):
            if name in entities and entities[name] == m.group(3) and not re.search(r"type\s+" + name + r"\b", m.group(2)):
                reaches += 1
                kinds['entity classes'] += 1
                if verbose: print(f"{os.path.relpath(path, ROOT)}: entity {name} ({m.group(3)})")
for lib in LIBS + ['server']:
    base = os.path.join(ROOT, 'apps', 'server', 'src') if lib == 'server' else os.path.join(ROOT, 'libs', lib, 'src')
    for dirpath, _, files in os.walk(base):
        if 'migrations' in dirpath: continue
        for f in files:
            if f.endswith('.ts') and not f.endswith('.spec.ts'): scan(lib, os.path.join(dirpath, f))
print(f"cross-context reaches: {reaches} ({', '.join(f'{k}: {v}' for k, v in kinds.items())})")
