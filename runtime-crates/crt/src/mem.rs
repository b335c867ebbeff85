//! The byte-addressed memory of a C program: data segment, stack and heap in one `Vec<u8>`.

use std::collections::HashMap;
use std::io::Write;

/// Address where the data segment (string literals, then globals) starts; below it is the null page.
pub const DATA_BASE: u64 = 4096;
const STACK_SIZE: u64 = 64 << 20;
const INITIAL_HEAP: u64 = 192 << 20;
const HEAP_ALIGN: u64 = 16;

/// One open stdio stream.
pub struct Stream {
    pub data: Vec<u8>,
    pub pos: usize,
    pub path: Option<String>,
    pub writable: bool,
    pub eof: bool,
    pub unget: Vec<u8>,
}

/// Typed storage for the global arrays that the C frontend's typed_buffers analysis proves are only ever
/// accessed as their own element type (never through a cast, a byte pointer or an escaping address): one
/// pool per element type, each array at a fixed element offset. Indexing a `Vec<f64>` is what rustc
/// optimises and vectorises, where the byte model (de)serialises every element.
#[derive(Default)]
pub struct Typed {
    pub i8: Vec<i8>,
    pub u8: Vec<u8>,
    pub i16: Vec<i16>,
    pub u16: Vec<u16>,
    pub i32: Vec<i32>,
    pub u32: Vec<u32>,
    pub i64: Vec<i64>,
    pub u64: Vec<u64>,
    pub f32: Vec<f32>,
    pub f64: Vec<f64>,
}

/// The `n` elements of `s` from element `lo` on, when they all exist: a loop over them indexes a slice of
/// known length, so rustc drops the per-element bounds checks (the caller falls back to checked indexing
/// when this is `None`).
#[inline(always)]
pub fn window<T>(s: &[T], lo: i64, n: usize) -> Option<&[T]> {
    let lo = usize::try_from(lo).ok()?;
    s.get(lo..lo.checked_add(n)?)
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// Whether one of the eight bytes of `w` is zero.
#[inline(always)]
pub fn has_zero(w: u64) -> bool {
    zero_bytes(w) != 0
}

/// A mask whose lowest set bit is the high bit of the first zero byte of `w` (little-endian); bits above
/// it may be set spuriously, none below.
#[inline(always)]
pub fn zero_bytes(w: u64) -> u64 {
    w.wrapping_sub(ONES) & !w & HIGHS
}

/// The eight bytes of `s` from `i` as a little-endian word, when there are eight.
#[inline(always)]
pub fn word_at(s: &[u8], i: usize) -> Option<u64> {
    s.get(i..i + 8)
        .map(|c| u64::from_le_bytes(c.try_into().unwrap()))
}

/// The index of the first NUL in `s` (its length when there is none), a word at a time as glibc does.
#[inline]
pub fn nul_pos(s: &[u8]) -> usize {
    const ONES2: u128 = (ONES as u128) << 64 | ONES as u128;
    const HIGHS2: u128 = (HIGHS as u128) << 64 | HIGHS as u128;
    let mut i = 0;
    if let Some(w) = word_at(s, 0) {
        let z = zero_bytes(w);
        if z != 0 {
            return (z.trailing_zeros() / 8) as usize;
        }
        i = 8;
        if let Some(c) = s.get(8..32) {
            // the next 24 bytes in one test, then the word that holds the NUL without a branch
            let z1 = zero_bytes(u64::from_le_bytes(c[..8].try_into().unwrap()));
            let z2 = zero_bytes(u64::from_le_bytes(c[8..16].try_into().unwrap()));
            let z3 = zero_bytes(u64::from_le_bytes(c[16..].try_into().unwrap()));
            if z1 | z2 | z3 != 0 {
                let (z, base) = if z1 != 0 {
                    (z1, 8)
                } else if z2 != 0 {
                    (z2, 16)
                } else {
                    (z3, 24)
                };
                return base + (z.trailing_zeros() / 8) as usize;
            }
            i = 32;
        }
    }
    // sixteen bytes at a time: the 128-bit subtraction carries across the halves, so the lowest flag is
    // still the first zero byte
    while let Some(c) = s.get(i..i + 16) {
        let w = u128::from_le_bytes(c.try_into().unwrap());
        let z = w.wrapping_sub(ONES2) & !w & HIGHS2;
        if z != 0 {
            return i + (z.trailing_zeros() / 8) as usize;
        }
        i += 16;
    }
    i + s[i..].iter().position(|&c| c == 0).unwrap_or(s.len() - i)
}

/// All state of a running C program.
pub struct Mem {
    pub b: Vec<u8>,
    /// Global arrays in typed storage (see `Typed`).
    pub t: Typed,
    pub sp: u64,
    stack_end: u64,
    heap_top: u64,
    sizes: HashMap<u64, u64>,
    free_lists: HashMap<u64, Vec<u64>>,
    pub out: Vec<u8>,
    pub streams: Vec<Option<Stream>>,
    pub stdin_loaded: bool,
    pub rand: crate::libc::GlibcRand,
    pub strtok_next: u64,
    pub errno_addr: u64,
    pub started: std::time::Instant,
}

impl Mem {
    /// A memory holding `data` at `DATA_BASE`, followed by `globals` zeroed bytes, the stack and the heap.
    pub fn new(data: &[u8], globals: u64) -> Mem {
        let data_end = DATA_BASE + data.len() as u64;
        let globals_end = (data_end + globals + 16) & !15;
        let stack_end = globals_end + STACK_SIZE;
        // The first INITIAL_HEAP bytes of heap come with the allocation: zeroed pages the kernel maps lazily,
        // where growing the vector later would write every new byte.
        let mut b = vec![0u8; (stack_end + 4096 + INITIAL_HEAP) as usize];
        b[DATA_BASE as usize..data_end as usize].copy_from_slice(data);
        let mut m = Mem {
            b,
            t: Typed::default(),
            sp: globals_end,
            stack_end,
            heap_top: stack_end + 4096,
            sizes: HashMap::new(),
            free_lists: HashMap::new(),
            out: Vec::new(),
            streams: Vec::new(),
            stdin_loaded: false,
            rand: crate::libc::GlibcRand::new(1),
            strtok_next: 0,
            errno_addr: 0,
            started: std::time::Instant::now(),
        };
        for _ in 0..4 {
            m.streams.push(None);
        }
        m.errno_addr = m.malloc(8);
        m
    }

    /// Reserve a stack frame of `size` bytes, zeroed; returns its base address.
    #[inline]
    pub fn enter(&mut self, size: u64) -> u64 {
        let fp = self.sp;
        let end = (fp + size + 15) & !15;
        if end > self.stack_end {
            self.fatal("stack overflow");
        }
        self.b[fp as usize..end as usize].fill(0);
        self.sp = end;
        fp
    }

    /// Stack space for a variable-length array; freed with the enclosing frame.
    pub fn alloca(&mut self, size: u64) -> u64 {
        let fp = self.sp;
        self.enter(size);
        fp
    }

    #[inline]
    pub fn leave(&mut self, fp: u64) {
        self.sp = fp;
    }

    pub fn fatal(&mut self, msg: &str) -> ! {
        self.flush_all();
        eprintln!("{msg}");
        std::process::exit(134)
    }

    pub fn malloc(&mut self, size: u64) -> u64 {
        let size = (size.max(1) + HEAP_ALIGN - 1) & !(HEAP_ALIGN - 1);
        if let Some(list) = self.free_lists.get_mut(&size) {
            if let Some(a) = list.pop() {
                self.sizes.insert(a, size);
                return a;
            }
        }
        let a = self.heap_top;
        self.heap_top += size;
        if self.heap_top as usize > self.b.len() {
            let want = (self.heap_top as usize).max(self.b.len() * 2);
            self.b.resize(want, 0);
        }
        self.sizes.insert(a, size);
        a
    }

    pub fn calloc(&mut self, n: u64, size: u64) -> u64 {
        let total = n.wrapping_mul(size);
        let a = self.malloc(total);
        self.memset(a, 0, total);
        a
    }

    pub fn free(&mut self, a: u64) {
        if a == 0 {
            return;
        }
        match self.sizes.remove(&a) {
            Some(size) => self.free_lists.entry(size).or_default().push(a),
            None => self.fatal("free(): invalid pointer"),
        }
    }

    pub fn realloc(&mut self, a: u64, size: u64) -> u64 {
        if a == 0 {
            return self.malloc(size);
        }
        let old = match self.sizes.get(&a) {
            Some(s) => *s,
            None => self.fatal("realloc(): invalid pointer"),
        };
        if size <= old {
            return a;
        }
        let n = self.malloc(size);
        self.memcpy(n, a, old);
        self.free(a);
        n
    }

    #[inline]
    pub fn memcpy(&mut self, dst: u64, src: u64, n: u64) {
        if n > 0 {
            self.b
                .copy_within(src as usize..(src + n) as usize, dst as usize);
        }
    }

    #[inline]
    pub fn memset(&mut self, dst: u64, v: u8, n: u64) {
        self.b[dst as usize..(dst + n) as usize].fill(v);
    }

    /// The bytes of the NUL-terminated string at `a`, without the NUL.
    #[inline]
    pub fn cstr(&self, a: u64) -> &[u8] {
        let s = &self.b[a as usize..];
        &s[..nul_pos(s)]
    }

    #[inline]
    pub fn strlen(&self, a: u64) -> u64 {
        nul_pos(&self.b[a as usize..]) as u64
    }

    /// Copy `bytes` and a NUL to `a`.
    pub fn put_cstr(&mut self, a: u64, bytes: &[u8]) {
        let a = a as usize;
        self.b[a..a + bytes.len()].copy_from_slice(bytes);
        self.b[a + bytes.len()] = 0;
    }

    /// Store the program's argv in memory; returns (argc, argv).
    pub fn args(&mut self) -> (i32, u64) {
        let args: Vec<Vec<u8>> = std::env::args_os()
            .map(|a| a.into_encoded_bytes())
            .collect();
        let argv = self.malloc(8 * (args.len() as u64 + 1));
        for (i, a) in args.iter().enumerate() {
            let s = self.malloc(a.len() as u64 + 1);
            self.put_cstr(s, a);
            self.st_u64(argv + 8 * i as u64, s);
        }
        self.st_u64(argv + 8 * args.len() as u64, 0);
        (args.len() as i32, argv)
    }

    pub fn write_stdout(&mut self, bytes: &[u8]) {
        self.out.extend_from_slice(bytes);
        if self.out.len() > 1 << 16 {
            self.flush_stdout();
        }
    }

    pub fn flush_stdout(&mut self) {
        let mut so = std::io::stdout().lock();
        let _ = so.write_all(&self.out);
        let _ = so.flush();
        self.out.clear();
    }

    /// Flush stdout and every open file, as `exit` does.
    pub fn flush_all(&mut self) {
        self.flush_stdout();
        for i in 4..self.streams.len() {
            crate::libc::flush_stream(self, i);
        }
    }

    /// `exit(code)`: flush everything and end the process.
    pub fn exit(&mut self, code: i32) -> ! {
        self.flush_all();
        std::process::exit(code)
    }
}

macro_rules! access {
    ($($ld:ident $st:ident $t:ty, $n:expr;)*) => {
        impl Mem {
            $(
                // One bounds check per access: the `n` bytes at `a` as a fixed-size array.
                #[inline(always)]
                pub fn $ld(&self, a: u64) -> $t {
                    let a = a as usize;
                    let bytes: [u8; $n] = self.b[a..a.wrapping_add($n)].try_into().unwrap();
                    <$t>::from_le_bytes(bytes)
                }
                #[inline(always)]
                pub fn $st(&mut self, a: u64, v: $t) {
                    let a = a as usize;
                    let slot: &mut [u8; $n] = (&mut self.b[a..a.wrapping_add($n)]).try_into().unwrap();
                    *slot = v.to_le_bytes();
                }
            )*
        }
    };
}

impl Mem {
    // Bytes need no (de)serialisation: one index, one bounds check.
    #[inline(always)]
    pub fn ld_u8(&self, a: u64) -> u8 {
        self.b[a as usize]
    }
    #[inline(always)]
    pub fn st_u8(&mut self, a: u64, v: u8) {
        self.b[a as usize] = v;
    }
    #[inline(always)]
    pub fn ld_i8(&self, a: u64) -> i8 {
        self.b[a as usize] as i8
    }
    #[inline(always)]
    pub fn st_i8(&mut self, a: u64, v: i8) {
        self.b[a as usize] = v as u8;
    }
}

access! {
    ld_i16 st_i16 i16, 2;
    ld_u16 st_u16 u16, 2;
    ld_i32 st_i32 i32, 4;
    ld_u32 st_u32 u32, 4;
    ld_i64 st_i64 i64, 8;
    ld_u64 st_u64 u64, 8;
    ld_f32 st_f32 f32, 4;
    ld_f64 st_f64 f64, 8;
}
