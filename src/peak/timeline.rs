//! The timeline: which array buffers are alive, line by line, as the script runs.
//!
//! Buffers are reference counted by Rust's `Rc`, the way CPython counts references: a buffer
//! is freed (and leaves the timeline) when the last value that refers to it is dropped.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

/// One buffer alive at the peak.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiveBuffer {
    pub id: u64,
    pub line: u32,
    /// The name its owning array was bound to.
    pub name: Option<String>,
    /// Names holding the owning array now.
    pub owners: Vec<String>,
    /// Names bound to views of it now, with the views' shapes.
    pub views: Vec<(String, Vec<u64>)>,
    pub shape: Vec<u64>,
    pub dtype: String,
    pub nbytes: u64,
}

impl LiveBuffer {
    /// The name of the base as a view names it: its owner's name or `temporary of line N`.
    pub fn base_name(&self) -> String {
        self.name
            .clone()
            .unwrap_or_else(|| format!("temporary of line {}", self.line))
    }

    /// The view that keeps this buffer alive, when no name holds its owner any more.
    pub fn kept_by_view(&self) -> Option<&(String, Vec<u64>)> {
        if !self.owners.is_empty() {
            return None;
        }
        self.views.first()
    }
}

/// Per-line accounting.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineStats {
    pub allocated: u64,
    pub freed: u64,
    pub live_after: u64,
    pub peak: u64,
    pub executed: bool,
}

#[derive(Debug, Default)]
pub struct Timeline {
    next_id: u64,
    pub live: u64,
    pub current_line: u32,
    /// Per line, indexed by line number (line 0: after the script's end).
    pub lines: Vec<LineStats>,
    pub peak: u64,
    pub peak_line: u32,
    /// The buffers alive at the peak: shared with `buffers` until one of them changes (a
    /// name bound or let go), which then copies it, so saving the peak costs no copies.
    pub alive_at_peak: Vec<Rc<LiveBuffer>>,
    buffers: BTreeMap<u64, Rc<LiveBuffer>>,
    /// The live buffers are the peak's and not yet saved to `alive_at_peak`.
    unsaved_peak: bool,
}

pub type Shared = Rc<RefCell<Timeline>>;

impl Timeline {
    /// Live bytes, live buffers and the peak so far.
    pub fn counts(&self) -> (u64, u64, u64) {
        (self.live, self.buffers.len() as u64, self.peak)
    }

    /// The stats of `line`, made on first use.
    fn stats(&mut self, line: u32) -> &mut LineStats {
        let i = line as usize;
        if i >= self.lines.len() {
            self.lines.resize(i + 1, LineStats::default());
        }
        &mut self.lines[i]
    }

    /// The script moves to `line`: the line's peak starts from what is alive now.
    pub fn enter_line(&mut self, line: u32) {
        self.close_line();
        self.current_line = line;
        let live = self.live;
        let stats = self.stats(line);
        stats.executed = true;
        stats.peak = stats.peak.max(live);
    }

    fn close_line(&mut self) {
        let live = self.live;
        if let Some(stats) = self.lines.get_mut(self.current_line as usize) {
            stats.live_after = live;
        }
    }

    /// The script's last line has run: what is freed afterwards (the interpreter's exit)
    /// belongs to no line.
    pub fn finish(&mut self) {
        self.save_peak();
        self.close_line();
        self.current_line = 0;
    }

    fn alloc(&mut self, nbytes: u64, shape: &[u64], dtype: String) -> u64 {
        self.next_id += 1;
        let id = self.next_id;
        let line = self.current_line;
        self.live = self.live.saturating_add(nbytes);
        let live = self.live;
        let stats = self.stats(line);
        stats.allocated = stats.allocated.saturating_add(nbytes);
        stats.peak = stats.peak.max(live);
        self.buffers.insert(
            id,
            Rc::new(LiveBuffer {
                id,
                line,
                name: None,
                owners: Vec::new(),
                views: Vec::new(),
                shape: shape.to_vec(),
                dtype,
                nbytes,
            }),
        );
        if live > self.peak {
            self.peak = live;
            self.peak_line = line;
            // What is alive at the peak is copied out only when something is freed (or the
            // script ends): until then every allocation raises the peak again.
            self.unsaved_peak = true;
        }
        id
    }

    fn save_peak(&mut self) {
        if self.unsaved_peak {
            self.unsaved_peak = false;
            self.alive_at_peak = self.buffers.values().cloned().collect();
        }
    }

    fn free(&mut self, id: u64) {
        self.save_peak();
        if let Some(buffer) = self.buffers.remove(&id) {
            self.live = self.live.saturating_sub(buffer.nbytes);
            let line = self.current_line;
            let stats = self.stats(line);
            stats.freed = stats.freed.saturating_add(buffer.nbytes);
        }
    }

    fn name(&mut self, id: u64, name: &str) {
        if let Some(buffer) = self.buffers.get_mut(&id)
            && (buffer.name.as_deref() != Some(name) || !buffer.owners.iter().any(|n| n == name))
        {
            let buffer = Rc::make_mut(buffer);
            if buffer.name.as_deref() != Some(name) {
                buffer.name = Some(name.to_string());
            }
            if !buffer.owners.iter().any(|n| n == name) {
                buffer.owners.push(name.to_string());
            }
        }
        // The result that made the peak is bound on the peak's line: it is named there too.
        if self.current_line == self.peak_line
            && let Some(b) = self.alive_at_peak.iter_mut().find(|b| b.id == id)
        {
            let b = Rc::make_mut(b);
            b.name = Some(name.to_string());
            if !b.owners.iter().any(|n| n == name) {
                b.owners.push(name.to_string());
            }
        }
    }

    fn bind_view(&mut self, id: u64, name: &str, shape: &[u64]) {
        if let Some(buffer) = self.buffers.get_mut(&id) {
            let buffer = Rc::make_mut(buffer);
            buffer.views.retain(|(n, _)| n != name);
            buffer.views.push((name.to_string(), shape.to_vec()));
        }
        if self.current_line == self.peak_line
            && let Some(b) = self.alive_at_peak.iter_mut().find(|b| b.id == id)
        {
            let b = Rc::make_mut(b);
            b.views.retain(|(n, _)| n != name);
            b.views.push((name.to_string(), shape.to_vec()));
        }
    }

    fn unbind(&mut self, id: u64, name: &str, owner: bool) {
        if let Some(buffer) = self.buffers.get_mut(&id) {
            let buffer = Rc::make_mut(buffer);
            if owner {
                if let Some(i) = buffer.owners.iter().position(|n| n == name) {
                    buffer.owners.remove(i);
                }
            } else {
                buffer.views.retain(|(n, _)| n != name);
            }
        }
    }
}

/// An array buffer: alive while some value refers to it.
#[derive(Debug)]
pub struct Buffer {
    pub id: u64,
    timeline: Shared,
}

impl Buffer {
    pub fn new(timeline: &Shared, nbytes: u64, shape: &[u64], dtype: String) -> Rc<Buffer> {
        let id = timeline.borrow_mut().alloc(nbytes, shape, dtype);
        Rc::new(Buffer {
            id,
            timeline: timeline.clone(),
        })
    }

    /// A buffer that takes no numpy memory (a memory-mapped file).
    pub fn mapped(timeline: &Shared) -> Rc<Buffer> {
        Rc::new(Buffer {
            id: 0,
            timeline: timeline.clone(),
        })
    }

    pub fn set_name(&self, name: &str) {
        if self.id != 0 {
            self.timeline.borrow_mut().name(self.id, name);
        }
    }

    /// `name` now holds a view of this buffer with `shape`.
    pub fn bind_view(&self, name: &str, shape: &[u64]) {
        if self.id != 0 {
            self.timeline.borrow_mut().bind_view(self.id, name, shape);
        }
    }

    /// `name` no longer holds this buffer (as its owner, or as a view).
    pub fn unbind(&self, name: &str, owner: bool) {
        if self.id != 0 {
            self.timeline.borrow_mut().unbind(self.id, name, owner);
        }
    }
}

impl Drop for Buffer {
    fn drop(&mut self) {
        if self.id != 0 {
            self.timeline.borrow_mut().free(self.id);
        }
    }
}
