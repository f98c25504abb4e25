import re,sys,glob,collections
import os, subprocess
ROOT=os.path.abspath(os.path.join(os.path.dirname(__file__),'..','..'))
cg=subprocess.run(['go','list','-m','-f','{{.Dir}}','k8s.io/client-go@v0.37.2'],cwd=os.path.join(ROOT,'hack','bench'),capture_output=True,text=True).stdout.strip()
if not cg or not os.path.isdir(cg): sys.exit('client-go v0.37.2 source not found; run: cd hack/bench && go mod download')
K=4
def body_lines(path):
    lines=open(path,errors='ignore').read().split('\n')
    out=[];inb=False
    for i,l in enumerate(lines):
        if re.match(r'^func .*\{\s*$',l): inb=True; continue
        if inb and l.startswith('}'): inb=False; continue
        if inb:
            s=re.sub(r'\s+',' ',l.strip())
            if not s or s.startswith('//') or s in ('}','{','return','} else {',')','return nil','return err','}else{'): continue
            if s in ('if err != nil {','return nil, err'): continue
            out.append((i+1,s))
    return out
def shingles(bl):
    return [(bl[j][0], '\n'.join(x[1] for x in bl[j:j+K])) for j in range(len(bl)-K+1)]
theirs=set()
for f in glob.glob(cg+'/**/*.go',recursive=True):
    if f.endswith('_test.go'): continue
    for _,s in shingles(body_lines(f)): theirs.add(s)
res=[]
for f in glob.glob(os.path.join(ROOT,'**/*.go'),recursive=True):
    if f.endswith('_test.go') or '/hack/' in f or '/kubernetes/typed/' in f or '/applyconfigurations/' in f: continue
    bl=body_lines(f)
    cov=set()
    for j,(ln,s) in enumerate(shingles(bl)):
        if s in theirs:
            for x in bl[j:j+K]: cov.add(x[0])
    if cov: res.append((len(cov),len(bl),os.path.relpath(f,ROOT),sorted(cov)))
res.sort(reverse=True)
tot=0
for n,m,f,c in res:
    tot+=n
    print(f"{n:4d}/{m:4d} {f}  lines {c[0]}..{c[-1]}")
print("total body lines shared:",tot)
