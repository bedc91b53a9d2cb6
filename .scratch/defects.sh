#!/bin/bash
for d in $(npx tsx -e "import('./sandbox/index.ts').then(m=>console.log(m.defectCatalogue.filter(x=>['fhir-r4-rest','nhs-api','security'].includes(x.breaks[0])).map(x=>x.id+':'+x.breaks[1]).join(' ')))" 2>/dev/null); do
  id=${d%%:*}; req=${d##*:}
  if [ "$id" = "auth-optional" ]; then continue; fi
  echo "=== $id -> $req"
  DEFECTS=$id WRITABLE=1 timeout 300 npx tsx .scratch/run.ts 2>&1 | grep -v nodedir | grep -E "^(FAIL|ERROR)" | grep -v "capabilities/valid\|subsetting/elements\|security/auth" | cut -c1-260
done
