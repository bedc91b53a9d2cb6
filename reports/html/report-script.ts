/**
 * The only script of the HTML report: filters (outcome, suite, level, text) and opening the test or
 * requirement a link points at. Plain ES2017 so any browser runs it; allowed by its hash in the CSP.
 */
export const reportScript = `(function () {
  'use strict';
  var form = document.getElementById('filters');
  var count = document.getElementById('shown');
  var items = Array.prototype.slice.call(document.querySelectorAll('[data-outcome]'));
  var tests = items.filter(function (el) { return el.classList.contains('test'); });
  function apply() {
    var outcomes = {};
    Array.prototype.forEach.call(form.querySelectorAll('input[name=outcome]'), function (box) { outcomes[box.value] = box.checked; });
    var suite = form.elements.suite.value;
    var level = form.elements.level.value;
    var text = form.elements.search.value.trim().toLowerCase();
    var shown = 0;
    items.forEach(function (el) {
      var d = el.dataset;
      var visible = outcomes[d.outcome] !== false && (suite === '' || d.suite === suite) &&
        (level === '' || d.level === level) && (text === '' || d.search.indexOf(text) !== -1);
      el.hidden = !visible;
      if (visible && el.classList.contains('test')) shown += 1;
    });
    count.textContent = 'Showing ' + shown + ' of ' + tests.length + ' tests';
  }
  function openTarget() {
    var target = location.hash.length > 1 ? document.getElementById(location.hash.slice(1)) : null;
    if (target === null || target.tagName !== 'DETAILS') return;
    target.hidden = false;
    target.open = true;
    target.scrollIntoView();
  }
  form.addEventListener('input', apply);
  form.addEventListener('change', apply);
  form.addEventListener('submit', function (event) { event.preventDefault(); });
  window.addEventListener('hashchange', openTarget);
  apply();
  openTarget();
})();`;
