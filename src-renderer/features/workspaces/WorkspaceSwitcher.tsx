import { useEffect, useId, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useWorkspaces } from '../../app/session-context';
import { CheckIcon, ChevronsIcon, PlusIcon } from '../../components/icons';
import { focusableIn } from '../../components/focusable';
import { CreateWorkspaceDialog } from './CreateWorkspaceDialog';
import { WorkspaceAvatar } from './WorkspaceAvatar';

/** The current workspace at the top of the sidebar; opens a menu to switch or create one. */
export function WorkspaceSwitcher() {
  const { workspaces, currentId, switchTo } = useWorkspaces(
    useShallow((s) => ({ workspaces: s.workspaces, currentId: s.currentId, switchTo: s.switchTo })),
  );
  const current = workspaces.find((w) => w.id === currentId);
  const [open, setOpen] = useState(false);
  const [creating, setCreating] = useState(false);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLDivElement>(null);
  const containerRef = useRef<HTMLDivElement>(null);
  const menuId = useId();
  const nameId = useId();

  useEffect(() => {
    if (!open) return;
    const menu = menuRef.current;
    (menu?.querySelector<HTMLElement>('[aria-checked="true"]') ?? (menu && focusableIn(menu)[0]))?.focus();
    const closeOnOutside = (event: MouseEvent) => {
      if (!containerRef.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', closeOnOutside);
    return () => document.removeEventListener('mousedown', closeOnOutside);
  }, [open]);

  const close = () => {
    setOpen(false);
    buttonRef.current?.focus();
  };

  const onMenuKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const items = menuRef.current ? Array.from(menuRef.current.querySelectorAll<HTMLElement>('[role^="menuitem"]')) : [];
    const at = items.indexOf(document.activeElement as HTMLElement);
    const moveTo = (index: number) => items[(index + items.length) % items.length]?.focus();
    switch (event.key) {
      case 'ArrowDown':
        event.preventDefault();
        moveTo(at + 1);
        break;
      case 'ArrowUp':
        event.preventDefault();
        moveTo(at - 1);
        break;
      case 'Home':
        event.preventDefault();
        moveTo(0);
        break;
      case 'End':
        event.preventDefault();
        moveTo(items.length - 1);
        break;
      case 'Escape':
        event.preventDefault();
        close();
        break;
      case 'Tab':
        setOpen(false);
        break;
    }
  };

  return (
    <div className="switcher" ref={containerRef}>
      <button
        ref={buttonRef}
        type="button"
        className="switcher__button"
        aria-label="Workspace switcher"
        aria-describedby={nameId}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        onClick={() => setOpen((o) => !o)}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown' && !open) {
            event.preventDefault();
            setOpen(true);
          }
        }}
      >
        <WorkspaceAvatar name={current?.name ?? '?'} />
        <span className="switcher__text">
          <span className="switcher__caption">Workspace</span>
          <span className="switcher__name" id={nameId}>
            {current?.name ?? 'No workspace'}
          </span>
        </span>
        <ChevronsIcon />
      </button>

      {open ? (
        <div ref={menuRef} id={menuId} className="menu" role="menu" aria-label="Workspaces" onKeyDown={onMenuKeyDown}>
          {workspaces.map((w) => (
            <button
              key={w.id}
              type="button"
              role="menuitemradio"
              aria-checked={w.id === currentId}
              tabIndex={-1}
              className="menu__item"
              onClick={() => {
                close();
                void switchTo(w.id);
              }}
            >
              <WorkspaceAvatar name={w.name} small />
              <span className="menu__label">{w.name}</span>
              {w.id === currentId ? <CheckIcon /> : null}
            </button>
          ))}
          <div role="separator" className="menu__separator" />
          <button
            type="button"
            role="menuitem"
            tabIndex={-1}
            className="menu__item"
            onClick={() => {
              setOpen(false);
              setCreating(true);
            }}
          >
            <PlusIcon />
            <span className="menu__label">New workspace</span>
          </button>
        </div>
      ) : null}

      {creating ? <CreateWorkspaceDialog onClose={() => setCreating(false)} returnFocusRef={buttonRef} /> : null}
    </div>
  );
}
