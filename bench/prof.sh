#!/bin/bash
# usage: prof.sh samples.txt  — share of samples whose stack contains each pattern
f=$1
total=$(grep -c "jdk.ExecutionSample" $f)
echo "samples: $total"
for m in "ReportCodec.decode" "ReportCodec.read" "ReportValidator" "Instant|InstantDeserializer|DateTimeFormatter" "DupDetector" "IngestService.ingest" "SectionDocs|Docs.encode" "ReportCodec.toJson" "sha256|SHA" "RuleEngine|rules\." "ReportWriter" "org.h2" "IngestReads" "hazelcast" "io.vertx|io.netty" "SSLEngine|ssl" "GZIPInputStream|Inflater" ; do
  c=$(awk -v m="$m" '/jdk.ExecutionSample/{n++} $0 ~ m {hit[n]=1} END{c=0; for(k in hit)c++; print c}' $f)
  printf "%-50s %5d %5.1f%%\n" "$m" $c $(echo "100*$c/$total" | bc -l)
done
echo "-- by thread name prefix"
grep sampledThread $f | sed 's/.*= "//;s/[-.][0-9].*//' | sort | uniq -c | sort -rn | head
