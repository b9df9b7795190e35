// The page's inline style and script. The script only ever copies text with
// textContent (never innerHTML), so run text shown in the panel stays text.

export const PAGE_STYLE = `
:root{--prepare:#1565c0;--prepare_ack:#00897b;--accept:#ef6c00;--accept_ack:#6a1b9a;--other:#546e7a;--bad:#c62828;--chose:#f9a825}
*{box-sizing:border-box}
body{margin:0;font:14px/1.4 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1b1b1b;background:#fff;padding-bottom:9em}
header{padding:12px 20px;border-bottom:1px solid #ddd;background:#fafafa}
h1{font-size:20px;margin:0 0 4px}
.verdict{font-size:13px;padding:2px 8px;border-radius:4px;color:#fff;vertical-align:middle}
.v-pass{background:#2e7d32}.v-fail{background:var(--bad)}
.summary,.counts{margin:2px 0;color:#444}
.cap{margin:6px 0;padding:6px 10px;background:#fff3e0;border:1px solid #ffb74d;border-radius:4px}
details{margin:8px 0}
summary{cursor:pointer;font-weight:600}
ol.findings{margin:6px 0;padding-left:24px;max-height:16em;overflow:auto}
ol.findings li{margin:2px 0}
ol.findings li.sev-error .sev{color:var(--bad);font-weight:600}
ol.findings li.sev-warning .sev{color:#b26a00;font-weight:600}
ol.findings .hint{color:#555;font-size:13px}
.peer{color:#333;font-weight:600}
code,pre,.lbl{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
.none{color:#2e7d32}
.legend{margin:6px 0 0;color:#444;font-size:13px}
.k{display:inline-block;margin-right:12px;padding-left:18px;position:relative}
.k::before{content:"";position:absolute;left:0;top:50%;width:14px;border-top:3px solid var(--other)}
.k-prepare::before{border-color:var(--prepare)}.k-prepare_ack::before{border-color:var(--prepare_ack)}
.k-accept::before{border-color:var(--accept)}.k-accept_ack::before{border-color:var(--accept_ack)}
.k-chose{padding-left:0}.k-chose::before{display:none}
.k-finding::before{border-color:var(--bad)}
.k-between{padding-left:0;color:var(--bad)}.k-between::before{display:none}
.k-dangling::before{border-top-style:dashed;border-color:var(--bad)}
main{position:relative;overflow:auto}
.heads{position:sticky;top:0;height:40px;background:rgba(255,255,255,.95);border-bottom:1px solid #ddd;z-index:1}
.lane-head{position:absolute;top:2px;text-align:center;font-size:13px;line-height:1.2}
.lane-head span{display:block;color:#666;font-size:11px}
svg{display:block}
.lane{stroke:#cfd8dc;stroke-width:2}
.msg{stroke-width:1.6;stroke:var(--other)}
.t-prepare{stroke:var(--prepare);fill:var(--prepare)}
.t-prepare_ack{stroke:var(--prepare_ack);fill:var(--prepare_ack)}
.t-accept{stroke:var(--accept);fill:var(--accept)}
.t-accept_ack{stroke:var(--accept_ack);fill:var(--accept_ack)}
.t-other{stroke:var(--other);fill:var(--other)}
.t-bad{stroke:var(--bad);fill:var(--bad)}
.head{stroke:none}
.msg.backwards{stroke:var(--bad);stroke-dasharray:6 3}
.msg.hl{stroke-width:3.5}
.dangling line{stroke:var(--bad);stroke-width:1.6;stroke-dasharray:4 3}
.dangling text{fill:var(--bad);font-weight:700;font-size:14px}
.dot{fill:#37474f}
.a-sent .dot{fill:#263238}
.a-received .dot{fill:#fff;stroke:#263238;stroke-width:2}
.chose{fill:var(--chose);stroke:#6d4c00;stroke-width:1.5}
.finding-ring{fill:none;stroke:var(--bad);stroke-width:2.5}
.lane-finding path{stroke:var(--bad);stroke-width:2.5;fill:none}
.lane-finding{outline:none;cursor:help}
.lane-finding:focus path,.lane-finding:hover path{stroke-width:4}
.lbl{font-size:11px;fill:#263238;paint-order:stroke;stroke:#fff;stroke-width:3px;stroke-linejoin:round}
.has-finding .lbl{fill:var(--bad);font-weight:600}
.ev{cursor:pointer;outline:none}
.ev:focus .dot,.ev:hover .dot,.ev.sel .dot{stroke:#000;stroke-width:3}
.ev:focus .lbl,.ev.sel .lbl{font-weight:700}
.ev:focus-visible .lbl{text-decoration:underline}
.note path{stroke:var(--bad);stroke-width:1;stroke-dasharray:2 3;fill:none}
.note text{fill:var(--bad);font-size:12px;paint-order:stroke;stroke:#fff;stroke-width:3px}
#info{position:fixed;left:0;right:0;bottom:0;min-height:6em;max-height:12em;overflow:auto;background:#263238;color:#eceff1;padding:8px 20px;font-size:13px;z-index:2}
#info-loc{color:#b0bec5}
#info-raw{margin:4px 0;white-space:pre-wrap;word-break:break-all;color:#fff}
#info-findings{color:#ff8a80;white-space:pre-wrap}
`;

export const PAGE_SCRIPT = `(function(){
var info={what:document.getElementById('info-what'),loc:document.getElementById('info-loc'),raw:document.getElementById('info-raw'),findings:document.getElementById('info-findings')};
var current=null;
function show(g){
  if(!g||g===current)return;
  if(current){current.classList.remove('sel');}
  document.querySelectorAll('.msg.hl').forEach(function(l){l.classList.remove('hl');});
  current=g;g.classList.add('sel');
  var id=g.getAttribute('data-id');
  document.querySelectorAll('.msg[data-send="'+id+'"],.msg[data-receive="'+id+'"]').forEach(function(l){l.classList.add('hl');});
  info.what.textContent=g.getAttribute('data-what');
  info.loc.textContent=g.getAttribute('data-loc');
  info.raw.textContent=g.getAttribute('data-raw');
  info.findings.textContent=g.getAttribute('data-findings');
}
function eventOf(target){return target&&target.closest?target.closest('.ev'):null;}
document.addEventListener('mouseover',function(e){show(eventOf(e.target));});
document.addEventListener('focusin',function(e){show(eventOf(e.target));});
function focusHash(){var g=location.hash&&document.getElementById(location.hash.slice(1));if(g&&g.classList.contains('ev')){g.focus();show(g);}}
window.addEventListener('hashchange',focusHash);
focusHash();
})();`;
