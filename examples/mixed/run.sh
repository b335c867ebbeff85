#!/bin/bash
# Drive both programs of the project over the same input: the Python summarizer and the C word counter.
source lib.sh

input=$(cat)
banner "summary"
echo "$input" | python3 summarize.py
banner "wc"
echo "$input" | ./tools/wc
status=$?
if [ "$status" -eq 0 ]; then
    echo "all done"
fi
