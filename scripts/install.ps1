<#
.SYNOPSIS
  Installs the pingcli binary for this Windows machine from a release.

.DESCRIPTION
  Downloads SHA256SUMS and pingcli-<version>-<target>.exe into a temporary directory, checks the
  SHA-256, then moves the file into place; nothing is left behind on failure.

    irm https://github.com/pingcli/pingcli/releases/latest/download/install.ps1 | iex
    .\install.ps1 [-Version X.Y.Z] [-Dir DIR] [-BaseUrl URL] [-Target TRIPLE]

  Each parameter falls back to an environment variable: PINGCLI_VERSION, PINGCLI_INSTALL_DIR,
  PINGCLI_INSTALL_BASE_URL, PINGCLI_TARGET.

.PARAMETER Version
  Release to install (default: the latest release).
.PARAMETER Dir
  Install directory (default: ~\.local\bin).
.PARAMETER BaseUrl
  Directory holding the release assets (default:
  https://github.com/pingcli/pingcli/releases/download/v<version>, or .../releases/latest/download).
.PARAMETER Target
  Override architecture detection: x86_64-pc-windows-msvc or aarch64-pc-windows-msvc.
#>
[CmdletBinding()]
param(
  [string]$Version = $env:PINGCLI_VERSION,
  [string]$Dir = $env:PINGCLI_INSTALL_DIR,
  [string]$BaseUrl = $env:PINGCLI_INSTALL_BASE_URL,
  [string]$Target = $env:PINGCLI_TARGET
)

$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue' # Invoke-WebRequest is very slow with the progress bar
$DefaultRepoUrl = 'https://github.com/pingcli/pingcli/releases'

function Say([string]$Message) { [Console]::Error.WriteLine("pingcli-install: $Message") }
function Fail([string]$Message) {
  Say "error: $Message"
  throw "pingcli-install: $Message"
}

# Windows PowerShell 5.1 does not offer TLS 1.2 by default.
try {
  [Net.ServicePointManager]::SecurityProtocol = [Net.ServicePointManager]::SecurityProtocol -bor
    [Net.SecurityProtocolType]::Tls12
} catch { }

if ($Version) { $Version = $Version.TrimStart('v') }
if ($Version -and $Version -notmatch '^[0-9A-Za-z.+-]+$') { Fail "invalid version: $Version" }

# --- platform -------------------------------------------------------------------------------
if (-not $Target) {
  $arch = $null
  try {
    $arch = [string][System.Runtime.InteropServices.RuntimeInformation]::OSArchitecture
  } catch { }
  if (-not $arch) {
    $arch = if ($env:PROCESSOR_ARCHITEW6432) { $env:PROCESSOR_ARCHITEW6432 } else { $env:PROCESSOR_ARCHITECTURE }
  }
  switch -Regex ($arch) {
    '^(X64|AMD64)$' { $Target = 'x86_64-pc-windows-msvc' }
    '^(Arm64|ARM64)$' { $Target = 'aarch64-pc-windows-msvc' }
    default { Fail "unsupported CPU architecture: $arch (pingcli is built for x64 and arm64)" }
  }
}
if ($Target -notin @('x86_64-pc-windows-msvc', 'aarch64-pc-windows-msvc')) {
  Fail "unknown target: $Target (this script installs the Windows builds; use install.sh elsewhere)"
}

# --- where from, where to -------------------------------------------------------------------
if (-not $BaseUrl) {
  $BaseUrl = if ($Version) { "$DefaultRepoUrl/download/v$Version" } else { "$DefaultRepoUrl/latest/download" }
}
$BaseUrl = $BaseUrl.TrimEnd('/')
if (-not $Dir) { $Dir = Join-Path $HOME '.local\bin' }

function Get-Asset([string]$Url, [string]$OutFile) {
  try {
    Invoke-WebRequest -Uri $Url -OutFile $OutFile -UseBasicParsing
  } catch {
    Fail "cannot download ${Url}: $($_.Exception.Message)"
  }
}

$tmp = Join-Path ([System.IO.Path]::GetTempPath()) ("pingcli-install-" + [guid]::NewGuid().ToString('N'))
New-Item -ItemType Directory -Path $tmp | Out-Null
$staged = $null
try {
  # --- download and verify ------------------------------------------------------------------
  Say "downloading $BaseUrl/SHA256SUMS"
  $sumsFile = Join-Path $tmp 'SHA256SUMS'
  Get-Asset "$BaseUrl/SHA256SUMS" $sumsFile

  $suffix = "-$Target.exe"
  $entry = $null
  foreach ($line in Get-Content -LiteralPath $sumsFile) {
    $parts = $line.Trim() -split '\s+', 2
    if ($parts.Count -ne 2) { continue }
    $name = $parts[1].TrimStart('*')
    $match = if ($Version) { $name -eq "pingcli-$Version$suffix" } else {
      $name.StartsWith('pingcli-') -and $name.EndsWith($suffix) -and $name.Length -gt $suffix.Length
    }
    if ($match) { $entry = @{ Hash = $parts[0].ToLowerInvariant(); Name = $name }; break }
  }
  if (-not $entry) {
    $what = if ($Version) { " version $Version" } else { '' }
    Fail "SHA256SUMS at $BaseUrl lists no pingcli build for $Target$what"
  }
  if ($entry.Hash -notmatch '^[0-9a-f]{64}$') { Fail "malformed SHA256SUMS entry for $($entry.Name)" }
  if (-not $Version) { $Version = $entry.Name.Substring(8, $entry.Name.Length - 8 - $suffix.Length) }

  Say "downloading $BaseUrl/$($entry.Name)"
  $download = Join-Path $tmp $entry.Name
  Get-Asset "$BaseUrl/$($entry.Name)" $download
  $actual = (Get-FileHash -Algorithm SHA256 -LiteralPath $download).Hash.ToLowerInvariant()
  if ($actual -ne $entry.Hash) {
    Fail "checksum mismatch for $($entry.Name): expected $($entry.Hash), got $actual; nothing was installed"
  }

  # --- install: stage next to the destination, then replace in one step --------------------
  New-Item -ItemType Directory -Path $Dir -Force | Out-Null
  $dest = Join-Path $Dir 'pingcli.exe'
  $staged = Join-Path $Dir ".pingcli.exe.install.$PID"
  Copy-Item -LiteralPath $download -Destination $staged -Force
  try {
    if (Test-Path -LiteralPath $dest) {
      [System.IO.File]::Replace($staged, $dest, $null)
    } else {
      [System.IO.File]::Move($staged, $dest)
    }
  } catch {
    Fail "cannot replace ${dest} (is pingcli running?): $($_.Exception.Message)"
  }
  $staged = $null

  Say "installed pingcli $Version ($Target) to $dest"
  $userPath = [Environment]::GetEnvironmentVariable('Path', 'User')
  $onPath = ($env:Path -split ';') + ($userPath -split ';') | Where-Object { $_ -and ($_.TrimEnd('\') -ieq $Dir.TrimEnd('\')) }
  if (-not $onPath) {
    Say "note: $Dir is not on your PATH; to add it for your user run:"
    Say "  [Environment]::SetEnvironmentVariable('Path', `"$Dir;`" + [Environment]::GetEnvironmentVariable('Path', 'User'), 'User')"
  }
} finally {
  if ($staged -and (Test-Path -LiteralPath $staged)) { Remove-Item -LiteralPath $staged -Force }
  Remove-Item -LiteralPath $tmp -Recurse -Force -ErrorAction SilentlyContinue
}
