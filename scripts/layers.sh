#!/usr/bin/env bash
# layers.sh — the build's check that the layers of src/ hold: a file may include headers of
# its own folder and of the folders below it, never of one above. The order, lowest first:
#
#   base → domain → formats → store → jobs → http → api → cli → (src/main.c)
#
# and the forecasting engine (lib/forecast) includes nothing of src/; the application sees
# only the engine's public header (lib/forecast/include/forecast.h), and only from the
# layers allowed to run the engine (jobs, cli).
# usage: scripts/layers.sh   (exit 1 and one line per violation when a layer is crossed)
set -uo pipefail
cd "$(dirname "$0")/.."

layers=(base domain formats store jobs http api cli)
rank_of() { # rank_of FOLDER -> index in layers, or empty
  local i
  for i in "${!layers[@]}"; do
    [ "${layers[$i]}" = "$1" ] && { echo "$i"; return; }
  done
}

# Where each header of src/ lives: header name -> layer folder.
declare -A home
for h in src/*/*.h; do
  layer=${h#src/}; layer=${layer%%/*}
  name=$(basename "$h")
  if [ -n "${home[$name]:-}" ]; then
    echo "layers: $name is in both src/${home[$name]} and src/$layer" >&2
    bad=1
  fi
  home[$name]=$layer
done
engine_public=$(cd lib/forecast/include && ls *.h)
declare -A engine_private
for h in lib/forecast/*.h; do engine_private[$(basename "$h")]=1; done

bad=${bad:-0}
check_file() { # check_file PATH LAYER_RANK LAYER_NAME
  local f=$1 r=$2 l=$3 inc target tr
  while IFS= read -r inc; do
    if [ -n "${home[$inc]:-}" ]; then
      target=${home[$inc]}
      tr=$(rank_of "$target")
      if [ "$tr" -gt "$r" ]; then
        echo "layers: $f ($l) includes $inc from src/$target, a higher layer"
        bad=1
      fi
    elif [ -n "${engine_private[$inc]:-}" ]; then
      echo "layers: $f includes the engine's private header $inc"
      bad=1
    elif grep -qx "$inc" <<<"$engine_public"; then
      case "$l" in
        jobs | cli) ;;
        *) echo "layers: $f ($l) includes the engine ($inc); only jobs and cli run it"; bad=1 ;;
      esac
    fi
  done < <(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$f")
}

for f in src/*/*.[ch]; do
  l=${f#src/}; l=${l%%/*}
  r=$(rank_of "$l")
  if [ -z "$r" ]; then
    echo "layers: $f is in src/$l, which is not a layer (${layers[*]})"
    bad=1
    continue
  fi
  check_file "$f" "$r" "$l"
done
for f in src/*.[ch]; do
  [ "$f" = src/main.c ] || { echo "layers: $f lies outside the layer folders"; bad=1; }
done
# The engine includes nothing of src/.
for f in lib/forecast/*.[ch] lib/forecast/include/*.h; do
  while IFS= read -r inc; do
    if [ -n "${home[$inc]:-}" ]; then
      echo "layers: engine file $f includes $inc from src/"
      bad=1
    fi
  done < <(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$f")
done

if [ "$bad" -ne 0 ]; then exit 1; fi
echo "layers: ok"
