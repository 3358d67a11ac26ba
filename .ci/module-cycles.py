#!/usr/bin/env python3
"""Fails when the modules of app/src import each other in a cycle (issue 13).

An edge a -> b is a `crate::b` or `super::...` path in a's file (its test module left out),
or a's use of a child module `b::`. A child's use of its parent (`super::x` in b/c.rs) is
containment, not a dependency, and is not counted. Prints each cycle with its edges.
Usage: .ci/module-cycles.py [repo root]
"""
import re,glob,os,sys
SKIPUP=True
root=(sys.argv[1] if len(sys.argv)>1 else '.')+'/app/src/'
mods={}
for f in glob.glob(root+'**/*.rs',recursive=True):
    rel=f[len(root):-3]
    parts=rel.split('/')
    if parts[-1] in ('mod','lib'): parts=parts[:-1]
    mods['::'.join(parts)]=f
def resolve(path):
    segs=path.split('::')
    for i in range(len(segs),0,-1):
        c='::'.join(segs[:i])
        if c in mods: return c
    return None
edges={m:set() for m in mods}
for m,f in mods.items():
    s=open(f).read()
    s=re.sub(r'#\[cfg\(test\)\]\s*mod tests \{.*','',s,flags=re.S)
    for mm in re.finditer(r'\b(crate|super)((?:::\w+)+)',s):
        base=mm.group(1); rest=mm.group(2)[2:]
        if base=='crate': p=rest
        else:
            par=m.split('::')[:-1] if not f.endswith('mod.rs') else m.split('::')[:-1]
            p='::'.join(par+[rest]) if par else rest
        t=resolve(p)
        if t and t!=m and not t.startswith(m+'::') and not (m.startswith(t+'::') and SKIPUP):
            edges[m].add(t)
    for child in [k for k in mods if k.startswith(m+'::') and k.count('::')==m.count('::')+1] if m else []:
        name=child.split('::')[-1]
        if re.search(r'(?<![\w:])'+name+r'::',s): edges[m].add(child)
# collapse to modules; find cycles via Tarjan SCC
idx={};low={};st=[];on=set();sccs=[];c=[0]
sys.setrecursionlimit(10000)
def sc(v):
    idx[v]=low[v]=c[0];c[0]+=1;st.append(v);on.add(v)
    for w in edges[v]:
        if w not in idx: sc(w);low[v]=min(low[v],low[w])
        elif w in on: low[v]=min(low[v],idx[w])
    if low[v]==idx[v]:
        comp=[]
        while True:
            w=st.pop();on.discard(w);comp.append(w)
            if w==v:break
        if len(comp)>1: sccs.append(comp)
for v in edges:
    if v not in idx: sc(v)
for comp in sccs:
    print('CYCLE:',sorted(comp))
    for a in comp:
        for b in edges[a]:
            if b in comp: print('   ',a,'->',b)
print(len(sccs),'cycles among',len(mods),'modules')
sys.exit(1 if sccs else 0)
