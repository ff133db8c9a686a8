"""PyTorch side of the training comparison (adapted from ../shared/peers/torch_mlp.py): the mlp-bn network
784-256-BN-ReLU-256-BN-ReLU-10 on Fashion-MNIST from Debian's dataset-fashion-mnist, pixels / 255 then standardized
with the scalar mean and std of the training pixels, cross-entropy, SGD with momentum, shuffled with a seeded
torch.randperm, last partial batch kept. Per epoch: training wall time (train loop only), samples/s, mean train
loss, test accuracy in eval mode after the epoch. Writes one JSON object to --out."""
import argparse
import gzip
import json
import os
import struct
import sys
import time

import numpy as np
import torch
import torch.nn as nn

import peers_common as common

DATA = "/usr/share/datasets/fashion-mnist"


def read_idx(path):
    with gzip.open(path, "rb") as f:
        buf = f.read()
    zero, dtype, ndim = struct.unpack(">HBB", buf[:4])
    assert zero == 0 and dtype == 0x08, "expected an unsigned-byte IDX file: " + path
    dims = struct.unpack(">" + "I" * ndim, buf[4:4 + 4 * ndim])
    return np.frombuffer(buf, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def load(data):
    xtr = read_idx(os.path.join(data, "train-images-idx3-ubyte.gz")).reshape(-1, 784)
    ytr = read_idx(os.path.join(data, "train-labels-idx1-ubyte.gz"))
    xte = read_idx(os.path.join(data, "t10k-images-idx3-ubyte.gz")).reshape(-1, 784)
    yte = read_idx(os.path.join(data, "t10k-labels-idx1-ubyte.gz"))
    xtr = xtr.astype(np.float32) / 255.0
    xte = xte.astype(np.float32) / 255.0
    mean = float(xtr.mean(dtype=np.float64))
    std = float(xtr.std(dtype=np.float64))
    xtr = (xtr - mean) / std
    xte = (xte - mean) / std
    return (torch.from_numpy(np.ascontiguousarray(xtr, dtype=np.float32)), torch.from_numpy(ytr.astype(np.int64)),
            torch.from_numpy(np.ascontiguousarray(xte, dtype=np.float32)), torch.from_numpy(yte.astype(np.int64)))


def build():
    layers, d = [], 784
    for h in (256, 256):
        layers += [nn.Linear(d, h), nn.BatchNorm1d(h), nn.ReLU()]
        d = h
    layers.append(nn.Linear(d, 10))
    return nn.Sequential(*layers)


def evaluate(model, x, y, bs=1000):
    model.eval()
    correct = 0
    with torch.no_grad():
        for i in range(0, x.shape[0], bs):
            correct += (model(x[i:i + bs]).argmax(1) == y[i:i + bs]).sum().item()
    model.train()
    return correct / x.shape[0]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--epochs", type=int, default=5)
    ap.add_argument("--batch", type=int, default=128)
    ap.add_argument("--lr", type=float, default=0.1)
    ap.add_argument("--momentum", type=float, default=0.9)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--data", default=DATA)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()

    common.set_threads(a.threads)
    env = common.env_info()
    xtr, ytr, xte, yte = load(a.data)
    print("# pytorch mlp-bn threads=%d batch=%d lr=%g momentum=%g blas=%s" % (a.threads, a.batch, a.lr, a.momentum,
                                                                             env["blas"]), flush=True)
    torch.manual_seed(a.seed)
    model = build()
    opt = torch.optim.SGD(model.parameters(), lr=a.lr, momentum=a.momentum)
    lossf = nn.CrossEntropyLoss()
    gen = torch.Generator().manual_seed(a.seed)
    n = xtr.shape[0]
    epochs = []
    print("epoch  train_s  samples/s  train_loss  test_acc  foreign_cpus", flush=True)
    for ep in range(1, a.epochs + 1):
        lm = common.LoadMeter().start()
        t0 = time.perf_counter()
        perm = torch.randperm(n, generator=gen)
        tot = 0.0
        for i in range(0, n, a.batch):
            idx = perm[i:i + a.batch]
            opt.zero_grad(set_to_none=True)
            loss = lossf(model(xtr[idx]), ytr[idx])
            loss.backward()
            opt.step()
            tot += loss.item() * idx.shape[0]
        t = time.perf_counter() - t0
        foreign = lm.stop()
        acc = evaluate(model, xte, yte)
        epochs.append({"epoch": ep, "seconds": t, "samplesPerSecond": n / t, "trainLoss": tot / n,
                       "testAccuracy": acc, "foreignCpus": round(foreign, 2)})
        print("%5d  %7.2f  %9.0f  %10.4f  %8.4f  %5.2f" % (ep, t, n / t, tot / n, acc, foreign), flush=True)
    with open(a.out, "w") as f:
        json.dump({"threads": a.threads, "batch": a.batch, "lr": a.lr, "momentum": a.momentum, "seed": a.seed,
                   "epochs": epochs, "env": env, "argv": sys.argv}, f, indent=1)


if __name__ == "__main__":
    main()
