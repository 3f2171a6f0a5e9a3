#!/usr/bin/env python3
"""Reference outputs of the EMA Workbench's PRIM and CART for cordon-sa's tests.

Writes, under crates/sa/tests/fixtures/ema/:

- bryant_lempert_2010.csv: the public data set of Bryant & Lempert (2010), "Thinking inside
  the box", shipped with the EMA Workbench (examples/data/bryant et al 2010 data.csv), copied
  byte for byte;
- prim_trajectory.csv: for every configuration (y column, peel_alpha), every box of the
  peeling and pasting trajectory of `Prim(x, y, threshold=0.8, peel_alpha=a).find_box()`:
  coverage, density, mean, mass, res_dim, n, k;
- prim_boxes.csv: the limits of every restricted dimension of every box and their quasi-p
  values (-1 where EMA writes -1: that side of the dimension is not restricted);
- cart_toy.csv and cart_tree.csv: a toy data set and the tree scikit-learn grows on it with
  the EMA Workbench's CART (min_samples_leaf = int(0.05 n)): one row per node.

x is the nine model inputs (columns 3 to 11, as in the Workbench's example
sd_prim_bryant_and_lempert.py); y is "Greater than 90%" or "Less than 10%".
Numbers are parsed with Python's float() (correctly rounded, as Rust's parse) and written
with repr() (shortest round trip), so the Rust test compares the same binary values.

Usage:
    python3 -m venv /tmp/ema && /tmp/ema/bin/pip install ema_workbench==2.5.3
    /tmp/ema/bin/python scripts/prim_reference.py
"""

import csv
import os
import shutil
import warnings

import numpy as np
import pandas as pd

warnings.simplefilter("ignore")

import ema_workbench  # noqa: E402
from ema_workbench.analysis import cart, prim  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "crates", "sa", "tests", "fixtures", "ema")
SOURCE = os.path.join(
    os.path.dirname(ema_workbench.__file__), "examples", "data", "bryant et al 2010 data.csv"
)
CONFIGS = [
    ("Greater than 90%", 0.1),
    ("Greater than 90%", 0.05),
    ("Greater than 90%", 0.2),
    ("Less than 10%", 0.05),
    ("Less than 10%", 0.1),
]


def read_data(path):
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    header, body = rows[0], rows[1:]
    columns = {name: [float(r[j]) for r in body] for j, name in enumerate(header)}
    return header, pd.DataFrame(columns, columns=header)


def prim_reference(data, header):
    x = data[header[2:11]]
    stats, boxes = [], []
    for y_name, alpha in CONFIGS:
        y = data[y_name].values.astype(int)
        box = prim.Prim(x, y, threshold=0.8, peel_alpha=alpha).find_box()
        t = box.peeling_trajectory
        for i in range(len(t)):
            row = t.iloc[i]
            stats.append(
                [y_name, repr(alpha), i]
                + [repr(float(row[c])) for c in ("coverage", "density", "mean", "mass")]
                + [int(row["res_dim"]), int(row["n"]), int(row["k"])]
            )
            lims = box.box_lims[i]
            for dim, (qp_lo, qp_hi) in box.qp[i].items():
                boxes.append(
                    [y_name, repr(alpha), i, dim]
                    + [repr(float(lims.loc[0, dim])), repr(float(lims.loc[1, dim]))]
                    + [repr(float(qp_lo)), repr(float(qp_hi))]
                )
    with open(os.path.join(OUT, "prim_trajectory.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(
            ["y", "peel_alpha", "box", "coverage", "density", "mean", "mass", "res_dim", "n", "k"]
        )
        w.writerows(stats)
    with open(os.path.join(OUT, "prim_boxes.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["y", "peel_alpha", "box", "dimension", "lower", "upper", "qp_lower", "qp_upper"])
        w.writerows(boxes)


def cart_reference():
    # A toy set whose tree is known: y = 1 exactly when a > 0.6 and b <= 0.3 (c is noise).
    # Irregular coordinates keep every candidate split's impurity distinct, so scikit-learn's
    # random feature order cannot change the tree.
    rng = np.random.default_rng(20240607)
    n = 200
    a = np.round(rng.uniform(0, 1, n), 3)
    b = np.round(rng.uniform(0, 1, n), 3)
    c = np.round(rng.uniform(0, 1, n), 3)
    y = ((a > 0.6) & (b <= 0.3)).astype(int)
    x = pd.DataFrame({"a": a, "b": b, "c": c})
    with open(os.path.join(OUT, "cart_toy.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["a", "b", "c", "y"])
        for i in range(n):
            w.writerow([repr(float(a[i])), repr(float(b[i])), repr(float(c[i])), int(y[i])])
    alg = cart.CART(x, y, mass_min=0.05)
    alg.build_tree()
    t = alg.clf.tree_
    with open(os.path.join(OUT, "cart_tree.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["node", "feature", "threshold", "left", "right", "n", "n_interest"])
        for node in range(t.node_count):
            leaf = t.children_left[node] == -1
            w.writerow(
                [
                    node,
                    "" if leaf else alg.feature_names[t.feature[node]],
                    "" if leaf else repr(float(t.threshold[node])),
                    int(t.children_left[node]),
                    int(t.children_right[node]),
                    int(t.n_node_samples[node]),
                    int(round(t.value[node][0][1] * t.n_node_samples[node])),
                ]
            )


def main():
    os.makedirs(OUT, exist_ok=True)
    shutil.copyfile(SOURCE, os.path.join(OUT, "bryant_lempert_2010.csv"))
    header, data = read_data(SOURCE)
    prim_reference(data, header)
    cart_reference()


if __name__ == "__main__":
    main()
