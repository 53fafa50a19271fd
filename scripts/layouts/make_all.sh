#!/bin/sh
# Re-makes every layout fixture (deterministic), then scores phuluc on them.
set -e
cd "$(dirname "$0")"
for s in class_a_platypus class_b_staggered class_c_multilevel class_d_multi class_e_unruled \
         class_f_spans class_g_other_tables class_h_wordings; do
    python3 "$s.py" "$@"
done
