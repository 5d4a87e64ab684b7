//! The links as QR codes a phone can scan from the console's screen: a
//! module grid with its quiet zone, drawn two modules to a character cell
//! (upper and lower half blocks) by the console's `w` overlay.

use qrcode::{EcLevel, QrCode};

/// Light modules around the code. The standard asks for four; two are
/// enough for phone cameras and leave room for more codes on a small
/// terminal.
pub const QUIET: usize = 2;

/// A QR code with its quiet zone: `size` × `size` modules, `true` dark.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Qr {
    pub size: usize,
    dark: Vec<bool>,
}

impl Qr {
    /// The code for `text`, or `None` if it is too long for one.
    pub fn new(text: &str) -> Option<Self> {
        // Low error correction: a screen is not a crumpled poster, and the
        // smaller code fits more terminals.
        let code = QrCode::with_error_correction_level(text, EcLevel::L).ok()?;
        let width = code.width();
        let size = width + 2 * QUIET;
        let modules = code.to_colors();
        let mut dark = vec![false; size * size];
        for y in 0..width {
            for x in 0..width {
                dark[(y + QUIET) * size + x + QUIET] =
                    modules[y * width + x] == qrcode::Color::Dark;
            }
        }
        Some(Self { size, dark })
    }

    /// Whether the module at (x, y) is dark; outside the code, light.
    pub fn dark(&self, x: usize, y: usize) -> bool {
        x < self.size && y < self.size && self.dark[y * self.size + x]
    }

    /// Character cells it takes: (columns, rows).
    pub fn cells(&self) -> (u16, u16) {
        (self.size as u16, self.size.div_ceil(2) as u16)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_fits_a_standard_terminal_with_its_quiet_zone() {
        let qr = Qr::new("http://192.168.100.200:7878/c/AAAAAAAAAAAAAAAAAAAAAA").unwrap();
        let (w, h) = qr.cells();
        assert!(w <= 40 && h <= 20, "{w}x{h}");
        // The quiet zone is light, the finder pattern's corner dark.
        assert!(!qr.dark(0, 0));
        assert!(!qr.dark(QUIET - 1, QUIET));
        assert!(qr.dark(QUIET, QUIET));
    }
}
