//! Which `Host` a request may name: DNS rebinding defence, and the address
//! the links give.
//!
//! A web page elsewhere can point a name of its own at this machine and
//! then read the answers as its own origin: the browser still sends that
//! name in `Host`. So only names that can only mean this machine are
//! accepted: `localhost`, the address listened on, this machine's own
//! addresses when listening on all of them, and its host name (alone or
//! under `.local`), each with the port listened on.

use std::collections::HashSet;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How often the machine's addresses are looked up again when a request
/// names one not known (a new lease on the venue's network).
const REFRESH: Duration = Duration::from_secs(5);

/// The `Host` values this server answers to.
#[derive(Debug)]
pub struct Hosts {
    listening: SocketAddr,
    names: HashSet<String>,
    own: Mutex<Own>,
}

#[derive(Debug)]
struct Own {
    ips: HashSet<IpAddr>,
    looked: Instant,
}

impl Hosts {
    pub fn new(listening: SocketAddr) -> Self {
        let mut names: HashSet<String> = ["localhost".to_owned()].into();
        if let Some(name) = host_name() {
            names.insert(format!("{name}.local"));
            names.insert(name);
        }
        Self {
            listening,
            names,
            own: Mutex::new(Own {
                ips: own_ips(),
                looked: Instant::now(),
            }),
        }
    }

    /// Whether a request whose `Host` header is `host` is for this server.
    pub fn allows(&self, host: &str) -> bool {
        let Some((name, port)) = split_host(host) else {
            return false;
        };
        if port != self.listening.port() {
            return false;
        }
        let name = name.trim_end_matches('.').to_ascii_lowercase();
        if let Ok(ip) = name.parse::<IpAddr>() {
            return self.allows_ip(ip);
        }
        self.names.contains(&name) || name.ends_with(".localhost")
    }

    fn allows_ip(&self, ip: IpAddr) -> bool {
        let listening = self.listening.ip();
        if ip == listening || ip.is_loopback() {
            return true;
        }
        if !listening.is_unspecified() {
            return false;
        }
        let mut own = self
            .own
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if own.ips.contains(&ip) {
            return true;
        }
        if own.looked.elapsed() >= REFRESH {
            own.ips = own_ips();
            own.looked = Instant::now();
        }
        own.ips.contains(&ip)
    }

    /// The address to put in the links: what a phone on the same network
    /// can reach.
    pub fn link_host(&self) -> String {
        let port = self.listening.port();
        let ip = self.listening.ip();
        if !ip.is_unspecified() {
            return SocketAddr::new(ip, port).to_string();
        }
        let lan = lan_ip().unwrap_or(IpAddr::V4(Ipv4Addr::LOCALHOST));
        SocketAddr::new(lan, port).to_string()
    }
}

/// `name[:port]` or `[v6][:port]`, the port 80 when absent.
fn split_host(host: &str) -> Option<(&str, u16)> {
    let host = host.trim();
    if host.is_empty() {
        return None;
    }
    if let Some(rest) = host.strip_prefix('[') {
        let (ip, after) = rest.split_once(']')?;
        let port = match after.strip_prefix(':') {
            Some(p) => p.parse().ok()?,
            None if after.is_empty() => 80,
            None => return None,
        };
        return Some((ip, port));
    }
    match host.rsplit_once(':') {
        Some((name, port)) => Some((name, port.parse().ok()?)),
        None => Some((host, 80)),
    }
}

fn host_name() -> Option<String> {
    let name = gethostname::gethostname();
    let name = name.to_str()?.trim().to_ascii_lowercase();
    (!name.is_empty() && name != "localhost").then_some(name)
}

fn own_ips() -> HashSet<IpAddr> {
    if_addrs::get_if_addrs()
        .map(|all| all.into_iter().map(|i| i.ip()).collect())
        .unwrap_or_default()
}

/// This machine's address on the venue's network: a private IPv4 address
/// first, then any other that is not loopback.
fn lan_ip() -> Option<IpAddr> {
    let all = if_addrs::get_if_addrs().ok()?;
    let v4: Vec<Ipv4Addr> = all
        .iter()
        .filter(|i| !i.is_loopback())
        .filter_map(|i| match i.ip() {
            IpAddr::V4(ip) => Some(ip),
            IpAddr::V6(_) => None,
        })
        .collect();
    v4.iter()
        .find(|ip| ip.is_private())
        .or_else(|| v4.iter().find(|ip| !ip.is_link_local()))
        .map(|ip| IpAddr::V4(*ip))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hosts(addr: &str) -> Hosts {
        Hosts::new(addr.parse().unwrap())
    }

    #[test]
    fn loopback_names_and_the_address_listened_on_are_accepted() {
        let h = hosts("127.0.0.1:7878");
        for ok in [
            "127.0.0.1:7878",
            "localhost:7878",
            "LOCALHOST:7878",
            "[::1]:7878",
            "app.localhost:7878",
        ] {
            assert!(h.allows(ok), "{ok}");
        }
    }

    #[test]
    fn a_foreign_name_or_port_is_refused() {
        let h = hosts("127.0.0.1:7878");
        for bad in [
            "evil.example:7878",
            "127.0.0.1:7879",
            "127.0.0.1",
            "localhost",
            "",
            "[::1",
            "10.0.0.1:7878",
            "localhost.evil.example:7878",
            "127.0.0.1:7878:7878",
        ] {
            assert!(!h.allows(bad), "{bad}");
        }
    }

    #[test]
    fn port_80_may_be_left_out() {
        assert!(hosts("127.0.0.1:80").allows("localhost"));
    }

    #[test]
    fn the_link_names_the_address_listened_on() {
        assert_eq!(hosts("127.0.0.1:7878").link_host(), "127.0.0.1:7878");
        let lan = hosts("0.0.0.0:7878").link_host();
        assert!(lan.ends_with(":7878"), "{lan}");
        assert!(!lan.starts_with("0.0.0.0"), "{lan}");
    }
}
