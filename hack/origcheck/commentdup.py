import re,sys,os,glob
# compare comment lines (normalized) of our packages with client-go's
import os, subprocess
ROOT=os.path.abspath(os.path.join(os.path.dirname(__file__),'..','..'))
cg=subprocess.run(['go','list','-m','-f','{{.Dir}}','k8s.io/client-go@v0.37.2'],cwd=os.path.join(ROOT,'hack','bench'),capture_output=True,text=True).stdout.strip()
if not cg or not os.path.isdir(cg): sys.exit('client-go v0.37.2 source not found; run: cd hack/bench && go mod download')
def comments(path):
    out=[]
    for i,l in enumerate(open(path,errors='ignore')):
        s=l.strip()
        if s.startswith('//'):
            t=re.sub(r'\s+',' ',s[2:].strip()).lower()
            if len(t)>=40: out.append((i+1,t))
    return out
theirs={}
for f in glob.glob(cg+'/**/*.go',recursive=True):
    for n,t in comments(f): theirs.setdefault(t,f)
ours=[f for f in glob.glob(os.path.join(ROOT,'**/*.go'),recursive=True) if '/hack/bench/' not in f]
tot={}
for f in ours:
    for n,t in comments(f):
        if t in theirs:
            tot.setdefault(f,[]).append((n,t))
for f,v in sorted(tot.items(), key=lambda x:-len(x[1])):
    print(len(v), os.path.relpath(f,ROOT))
    if '-v' in sys.argv:
        for n,t in v[:8]: print('   ',n,t[:110])
