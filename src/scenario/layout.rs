//! Places states on a plane from their borders alone, for files that give no
//! positions: neighbours end up about one unit apart, so that distance (which
//! the model uses for projecting power) means roughly "borders crossed".
//!
//! The method is stress majorisation on graph distances (Gansner, Koren & North
//! 2004), started from classical scaling of the same distances. It uses no
//! randomness, so a file always gives the same map. It costs O(n²) per
//! iteration, so beyond [`MAX_STRESS_STATES`] states a grid by file order is used.

use std::collections::VecDeque;

/// Largest world laid out by stress majorisation; larger ones go on a grid.
pub const MAX_STRESS_STATES: usize = 2000;

/// Positions for `n` states given their borders (index pairs below `n`).
pub fn layout(n: usize, borders: &[(usize, usize)]) -> Vec<[f64; 2]> {
    if n == 0 {
        return Vec::new();
    }
    if n > MAX_STRESS_STATES {
        return grid(n);
    }
    let dist = graph_distances(n, borders);
    let mut pos = classical_scaling(n, &dist);
    stress_majorise(n, &dist, &mut pos);
    rescale(&mut pos, borders);
    pos
}

/// A near-square grid in index order, one unit between neighbours.
pub fn grid(n: usize) -> Vec<[f64; 2]> {
    let cols = (n as f64).sqrt().ceil().max(1.0) as usize;
    (0..n)
        .map(|i| [(i % cols) as f64, (i / cols) as f64])
        .collect()
}

/// All-pairs shortest path lengths by breadth-first search. Pairs in different
/// components get one more than the longest finite distance, which keeps
/// separate islands (and states without borders) close to the rest.
fn graph_distances(n: usize, borders: &[(usize, usize)]) -> Vec<f64> {
    let mut adj = vec![Vec::new(); n];
    for &(a, b) in borders {
        if a < n && b < n && a != b {
            adj[a].push(b);
            adj[b].push(a);
        }
    }
    let mut hops = vec![u32::MAX; n * n];
    let mut queue = VecDeque::new();
    for s in 0..n {
        let row = &mut hops[s * n..(s + 1) * n];
        row[s] = 0;
        queue.clear();
        queue.push_back(s);
        while let Some(u) = queue.pop_front() {
            let d = row[u];
            for &v in &adj[u] {
                if row[v] == u32::MAX {
                    row[v] = d + 1;
                    queue.push_back(v);
                }
            }
        }
    }
    let longest = hops
        .iter()
        .filter(|&&h| h != u32::MAX)
        .max()
        .copied()
        .unwrap_or(0);
    let gap = f64::from(longest) + 1.0;
    hops.into_iter()
        .map(|h| if h == u32::MAX { gap } else { f64::from(h) })
        .collect()
}

/// Classical (Torgerson) scaling by power iteration: the two leading
/// eigenvectors of the double-centred squared distances. A small circle is
/// added so that symmetric or one-dimensional starts do not stay degenerate.
fn classical_scaling(n: usize, dist: &[f64]) -> Vec<[f64; 2]> {
    let nf = n as f64;
    let mut b: Vec<f64> = dist.iter().map(|d| -0.5 * d * d).collect();
    let row_means: Vec<f64> = (0..n)
        .map(|i| b[i * n..(i + 1) * n].iter().sum::<f64>() / nf)
        .collect();
    let grand = row_means.iter().sum::<f64>() / nf;
    for i in 0..n {
        for j in 0..n {
            b[i * n + j] += grand - row_means[i] - row_means[j];
        }
    }
    let mut vectors: Vec<(f64, Vec<f64>)> = Vec::with_capacity(2);
    for k in 0..2 {
        // A fixed, non-symmetric start so no eigenvector is missed by symmetry.
        let mut v: Vec<f64> = (0..n)
            .map(|i| ((i as f64 + 1.0) * (1.7 + k as f64)).sin() + 0.01 * i as f64)
            .collect();
        let mut lambda = 0.0;
        for _ in 0..100 {
            for (_, u) in &vectors {
                let dot: f64 = v.iter().zip(u).map(|(a, b)| a * b).sum();
                v.iter_mut().zip(u).for_each(|(a, b)| *a -= dot * b);
            }
            let mut w = vec![0.0; n];
            for i in 0..n {
                let row = &b[i * n..(i + 1) * n];
                w[i] = row.iter().zip(&v).map(|(a, b)| a * b).sum();
            }
            let norm = w.iter().map(|x| x * x).sum::<f64>().sqrt();
            if !(norm.is_finite() && norm > 1e-12) {
                lambda = 0.0;
                break;
            }
            lambda = norm;
            v = w.into_iter().map(|x| x / norm).collect();
        }
        vectors.push((lambda, v));
    }
    let radius = 0.05 * nf.sqrt();
    (0..n)
        .map(|i| {
            let angle = std::f64::consts::TAU * i as f64 / nf;
            let coord = |k: usize| {
                vectors.get(k).map_or(0.0, |(l, v)| {
                    l.max(0.0).sqrt() * v.get(i).copied().unwrap_or(0.0)
                })
            };
            [
                coord(0) + radius * angle.cos(),
                coord(1) + radius * angle.sin(),
            ]
        })
        .collect()
}

/// Stress majorisation with weights d⁻², updating one point at a time.
fn stress_majorise(n: usize, dist: &[f64], pos: &mut [[f64; 2]]) {
    // Enough sweeps for small maps; fewer for large ones, which start well from scaling.
    let sweeps = (200_000_000 / (n * n).max(1)).clamp(20, 300);
    for _ in 0..sweeps {
        for i in 0..n {
            let (mut sx, mut sy, mut sw) = (0.0, 0.0, 0.0);
            let [xi, yi] = pos[i];
            for j in 0..n {
                if i == j {
                    continue;
                }
                let d = dist[i * n + j];
                let w = 1.0 / (d * d);
                let [xj, yj] = pos[j];
                let (dx, dy) = (xi - xj, yi - yj);
                let len = (dx * dx + dy * dy).sqrt();
                let (ux, uy) = if len > 1e-9 {
                    (dx / len, dy / len)
                } else {
                    // Coincident points: push apart along a fixed direction per pair.
                    let a = (i * 31 + j * 17) as f64;
                    (a.cos(), a.sin())
                };
                sx += w * (xj + d * ux);
                sy += w * (yj + d * uy);
                sw += w;
            }
            if sw > 0.0 {
                pos[i] = [sx / sw, sy / sw];
            }
        }
    }
}

/// Centres the layout and scales it so the mean border is one unit long (or,
/// without borders, the mean distance to the nearest other state).
fn rescale(pos: &mut [[f64; 2]], borders: &[(usize, usize)]) {
    let n = pos.len();
    if n == 0 {
        return;
    }
    let len = |a: [f64; 2], b: [f64; 2]| ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2)).sqrt();
    let mean = if borders.is_empty() {
        let total: f64 = (0..n)
            .map(|i| {
                (0..n)
                    .filter(|&j| j != i)
                    .map(|j| len(pos[i], pos[j]))
                    .fold(f64::INFINITY, f64::min)
            })
            .filter(|d| d.is_finite())
            .sum();
        total / n as f64
    } else {
        borders
            .iter()
            .filter_map(|&(a, b)| Some(len(*pos.get(a)?, *pos.get(b)?)))
            .sum::<f64>()
            / borders.len() as f64
    };
    let scale = if mean.is_finite() && mean > 1e-9 {
        1.0 / mean
    } else {
        1.0
    };
    let cx = pos.iter().map(|p| p[0]).sum::<f64>() / n as f64;
    let cy = pos.iter().map(|p| p[1]).sum::<f64>() / n as f64;
    for p in pos.iter_mut() {
        *p = [(p[0] - cx) * scale, (p[1] - cy) * scale];
        if !(p[0].is_finite() && p[1].is_finite()) {
            *p = [0.0, 0.0];
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dist(a: [f64; 2], b: [f64; 2]) -> f64 {
        ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2)).sqrt()
    }

    #[test]
    fn path_is_laid_out_with_unit_borders() {
        let borders: Vec<(usize, usize)> = (0..5).map(|i| (i, i + 1)).collect();
        let pos = layout(6, &borders);
        for &(a, b) in &borders {
            let d = dist(pos[a], pos[b]);
            assert!((d - 1.0).abs() < 0.1, "border {a}-{b} has length {d}");
        }
        assert!(dist(pos[0], pos[5]) > 4.0);
    }

    #[test]
    fn deterministic_finite_and_islands_stay_near() {
        // A 3x3 grid plus two states without borders.
        let mut borders = Vec::new();
        for r in 0..3 {
            for c in 0..3 {
                let i = r * 3 + c;
                if c < 2 {
                    borders.push((i, i + 1));
                }
                if r < 2 {
                    borders.push((i, i + 3));
                }
            }
        }
        let a = layout(11, &borders);
        let b = layout(11, &borders);
        assert_eq!(a, b);
        for p in &a {
            assert!(p[0].is_finite() && p[1].is_finite());
            assert!(p[0].abs() < 10.0 && p[1].abs() < 10.0, "{p:?}");
        }
        assert!(dist(a[9], a[10]) > 0.3);
        let mean: f64 =
            borders.iter().map(|&(x, y)| dist(a[x], a[y])).sum::<f64>() / borders.len() as f64;
        assert!((mean - 1.0).abs() < 1e-9);
    }

    #[test]
    fn no_borders_and_two_states() {
        let p = layout(2, &[]);
        assert!((dist(p[0], p[1]) - 1.0).abs() < 1e-9);
        let p = layout(5, &[]);
        assert!(p.iter().all(|q| q[0].is_finite() && q[1].is_finite()));
    }

    #[test]
    fn large_worlds_use_a_grid() {
        let p = layout(MAX_STRESS_STATES + 1, &[]);
        assert_eq!(p.len(), MAX_STRESS_STATES + 1);
        assert_eq!(p[1], [1.0, 0.0]);
    }
}
